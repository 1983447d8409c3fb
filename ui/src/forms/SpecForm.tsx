import { useId } from 'react';
import type { Config, Credential, NodeField } from '../api/types';
import { applies, problemsFor } from './visibility';
import { FieldInput } from './FieldInput';
import { ConditionBuilder, conditionFields } from './ConditionBuilder';

export interface SpecFormProps {
  fields: NodeField[];
  value: Config;
  onChange: (next: Config) => void;
  /** Validation problems of this object, by field name (rules[1].field for items). */
  problems?: { field: string; message: string }[];
  credentials?: Credential[];
  /** The node type, for the types with a form of their own (the condition builder). */
  nodeType?: string;
}

/**
 * SpecForm renders a config object's form from a node type's field list:
 * the spec is the single source of the form, as it is of validation.
 */
export function SpecForm({ fields, value, onChange, problems = [], credentials = [], nodeType }: SpecFormProps) {
  const condition = nodeType === 'condition' ? conditionFields(fields) : undefined;
  if (condition) return <ConditionBuilder fields={condition} value={value} onChange={onChange} problems={problems} />;
  const visible = fields.filter((f) => applies(f, value, fields));
  if (visible.length === 0) {
    return <p className="muted">This step has nothing to set up.</p>;
  }
  return (
    <div className="spec-form">
      {visible.map((f) => (
        <FieldRow
          key={f.name}
          field={f}
          value={value[f.name]}
          onChange={(v) => {
            const next = { ...value };
            if (v === undefined) delete next[f.name];
            else next[f.name] = v;
            onChange(next);
          }}
          problems={problemsFor(problems, f.name)}
          credentials={credentials}
        />
      ))}
    </div>
  );
}

interface FieldRowProps {
  field: NodeField;
  value: unknown;
  onChange: (v: unknown) => void;
  problems: string[];
  credentials: Credential[];
}

function FieldRow({ field, value, onChange, problems, credentials }: FieldRowProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const inline = field.kind === 'bool';
  return (
    <div className={`field field-${field.kind}${problems.length ? ' has-problem' : ''}`} data-field={field.name}>
      {!inline && (
        <label htmlFor={id} className="field-label">
          {field.label}
          {field.required && (
            <span className="required" aria-label="required" title="required">
              *
            </span>
          )}
        </label>
      )}
      <FieldInput
        id={id}
        field={field}
        value={value}
        onChange={onChange}
        describedBy={field.help ? helpId : undefined}
        credentials={credentials}
        invalid={problems.length > 0}
      />
      {field.help && (
        <p id={helpId} className="field-help">
          {field.help}
        </p>
      )}
      {problems.map((m) => (
        <p key={m} className="field-problem" role="alert">
          {m}
        </p>
      ))}
    </div>
  );
}
