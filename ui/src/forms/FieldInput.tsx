import { useLayoutEffect, useRef } from 'react';
import type { Credential, NodeField } from '../api/types';
import { InsertField } from '../mapping/InsertField';
import { PathPreview, TemplatePreview } from '../mapping/Preview';
import { usePick } from './PickContext';
import { KeyValueInput } from './KeyValueInput';
import { JsonInput } from './JsonInput';
import { ListInput } from './ListInput';
import { MultiSelectInput } from './MultiSelectInput';

export interface FieldInputProps {
  id: string;
  field: NodeField;
  value: unknown;
  onChange: (v: unknown) => void;
  describedBy?: string;
  credentials: Credential[];
  invalid?: boolean;
}

function asString(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : String(v);
}

/** FieldInput picks the input for a field's kind. */
export function FieldInput(props: FieldInputProps) {
  const { id, field, value, onChange, describedBy, credentials, invalid } = props;
  const { setTarget } = usePick();
  const common = {
    id,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    'aria-required': field.required || undefined,
    placeholder: field.placeholder ?? (field.default !== undefined && typeof field.default !== 'object' ? String(field.default) : undefined),
  };
  const text = (v: string) => onChange(v === '' ? undefined : v);
  // A path field, or a text field that takes templates, is where a click in
  // a sample tree writes: the path as it is, or as a {{ }} template. The
  // ref keeps the latest closure, so a later click sees later edits.
  const applyRef = useRef<(kind: 'path' | 'template', p: string) => void>(() => {});
  useLayoutEffect(() => {
    applyRef.current = (kind, p) => text(kind === 'path' ? p : `${asString(value)}{{ ${p} }}`);
  });
  const pickable = (kind: 'path' | 'template') => ({
    onFocus: () => setTarget({ id, label: field.label, apply: (p: string) => applyRef.current(kind, p) }),
  });
  const inputRef = useRef<HTMLInputElement>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  const previewId = `${id}-preview`;

  switch (field.kind) {
    case 'string':
    case 'duration': {
      const templated = field.templates === true && !field.secret;
      const input = (
        <input
          {...common}
          ref={inputRef}
          type={field.secret ? 'password' : 'text'}
          autoComplete={field.secret ? 'new-password' : 'off'}
          className={field.templates ? 'mono' : undefined}
          value={asString(value)}
          onChange={(e) => text(e.target.value)}
          {...(templated ? pickable('template') : {})}
        />
      );
      if (!templated) return input;
      return (
        <>
          <div className="with-insert">
            {input}
            <InsertField label={field.label} mode="template" target={inputRef} value={asString(value)} onChange={text} />
          </div>
          <TemplatePreview value={asString(value)} id={previewId} />
        </>
      );
    }
    case 'path':
      return (
        <>
          <div className="with-insert">
            <input
              {...common}
              ref={inputRef}
              className="mono"
              value={asString(value)}
              onChange={(e) => text(e.target.value)}
              {...pickable('path')}
            />
            <InsertField label={field.label} mode="path" target={inputRef} value={asString(value)} onChange={text} />
          </div>
          <PathPreview path={asString(value)} id={previewId} />
        </>
      );
    case 'text':
    case 'expression': {
      const insert = field.kind === 'expression' ? 'expression' : field.templates ? 'template' : null;
      return (
        <>
          <div className="with-insert">
            <textarea
              {...common}
              ref={areaRef}
              rows={field.kind === 'expression' ? 3 : 4}
              className={field.kind === 'expression' || field.templates ? 'mono' : undefined}
              value={asString(value)}
              onChange={(e) => text(e.target.value)}
              {...(field.templates ? pickable('template') : {})}
            />
            {insert && <InsertField label={field.label} mode={insert} target={areaRef} value={asString(value)} onChange={text} />}
          </div>
          {insert === 'template' && <TemplatePreview value={asString(value)} id={previewId} />}
        </>
      );
    }
    case 'number':
    case 'integer':
      return (
        <input
          {...common}
          type="number"
          step={field.kind === 'integer' ? 1 : 'any'}
          min={field.min}
          max={field.max}
          value={value === undefined || value === null ? '' : asString(value)}
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'bool':
      return (
        <label className="checkbox">
          <input
            id={id}
            type="checkbox"
            aria-describedby={describedBy}
            checked={value === undefined ? field.default === true : value === true}
            onChange={(e) => onChange(e.target.checked)}
          />
          {field.label}
        </label>
      );
    case 'select':
      return (
        <select {...common} value={asString(value ?? field.default)} onChange={(e) => text(e.target.value)}>
          {/* A field with a default shows it chosen; "Choose…" is for one with none, to pick or to clear. */}
          {field.default === undefined && (value === undefined || !field.required) ? <option value="">Choose…</option> : null}
          {(field.options ?? []).map((o) => (
            <option key={o.value} value={o.value ?? ''}>
              {o.label || o.value}
            </option>
          ))}
        </select>
      );
    case 'multiselect':
      return <MultiSelectInput id={id} field={field} value={value} onChange={onChange} />;
    case 'keyvalue':
      return <KeyValueInput id={id} field={field} value={value} onChange={onChange} />;
    case 'json':
      return <JsonInput {...common} value={value} onChange={onChange} templates={field.templates ? field.label : undefined} />;
    case 'list':
      return <ListInput id={id} field={field} value={value} onChange={onChange} credentials={credentials} />;
    case 'credential': {
      const usable = credentials.filter((c) => !field.credentialTypes?.length || field.credentialTypes.includes(c.type));
      return (
        <>
          <select {...common} value={asString(value)} onChange={(e) => text(e.target.value)}>
            <option value="">{usable.length ? 'Choose a stored credential…' : 'No stored credential of this kind yet'}</option>
            {usable.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} ({c.type})
              </option>
            ))}
          </select>
          <p className="field-help">
            <a href="/settings/credentials" target="_blank" rel="noopener">
              {usable.length === 0 ? 'Add one in Settings → Credentials' : 'Add another in Settings → Credentials'}
            </a>{' '}
            (a new tab; it is listed here when you come back).{usable.length === 0 && ' Secrets are stored encrypted.'}
          </p>
        </>
      );
    }
  }
}
