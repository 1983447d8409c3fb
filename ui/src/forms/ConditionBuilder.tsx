import { useId, useRef, useState } from 'react';
import type { Config, NodeField } from '../api/types';
import { rulesToExpression, expressionToRules } from '../mapping/convert';
import { ExpressionPreview } from '../mapping/ExpressionPreview';
import { InsertField } from '../mapping/InsertField';
import { resolve } from '../mapping/context';
import { useMapping } from '../mapping/MappingContext';
import { PathPreview, TemplatePreview, show } from '../mapping/Preview';
import { decide, text, unfinished, type Decision, type Rule, type RuleResult } from '../mapping/rules';
import { FieldInput } from './FieldInput';
import { applies, problemsFor, valueOf } from './visibility';
import { StatusNotice } from '../pages/Notice';
import '../mapping/mapping.css';

/** The fields of a condition node's spec that the builder needs. */
interface ConditionFields {
  mode: NodeField;
  expression: NodeField;
  combinator: NodeField;
  rules: NodeField;
  field: NodeField;
  operator: NodeField;
  value: NodeField;
}

/** conditionFields finds the builder's fields in a spec, or undefined when the spec is not a condition's. */
export function conditionFields(fields: NodeField[]): ConditionFields | undefined {
  const by = (list: NodeField[] | undefined, name: string) => list?.find((f) => f.name === name);
  const rules = by(fields, 'rules');
  const f = {
    mode: by(fields, 'mode'),
    expression: by(fields, 'expression'),
    combinator: by(fields, 'combinator'),
    rules,
    field: by(rules?.fields, 'field'),
    operator: by(rules?.fields, 'operator'),
    value: by(rules?.fields, 'value'),
  };
  return Object.values(f).every((x) => x !== undefined) ? (f as ConditionFields) : undefined;
}

interface Props {
  fields: ConditionFields;
  value: Config;
  onChange: (next: Config) => void;
  problems: { field: string; message: string }[];
}

function rulesOf(v: unknown): Rule[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'object' && x !== null ? (x as Rule) : {})) : [];
}

/**
 * ConditionBuilder is the condition node's form: rules (field, operator,
 * value; all or any) with a live true/false preview computed as the node
 * computes it, or an expression previewed by the server; switching between
 * the two keeps what converts.
 */
export function ConditionBuilder({ fields, value, onChange, problems }: Props) {
  const mode = String(valueOf(fields.mode, value, 'mode') ?? '') === 'rules' ? 'rules' : 'expression';
  const any = valueOf(fields.combinator, value, 'combinator') === 'any';
  const rules = rulesOf(value.rules);
  const expression = typeof value.expression === 'string' ? value.expression : '';
  const [notice, setNotice] = useState('');
  const name = useId();
  const m = useMapping();
  const holdsNumber = (path: string) => {
    const r = m ? resolve(m.data, path) : undefined;
    return r?.found === true && typeof r.value === 'number';
  };

  const switchTo = (next: string) => {
    if (next === mode) return;
    setNotice('');
    if (next === 'expression') {
      const conv = rulesToExpression(rules, any, holdsNumber);
      const out: Config = { ...value, mode: next };
      if (conv.skipped.length === 0 && conv.expression !== '') out.expression = conv.expression;
      else if (expression === '' && conv.expression !== '') out.expression = conv.expression;
      if (conv.skipped.length > 0) {
        const which = conv.skipped.map((i) => i + 1).join(', ');
        setNotice(`Rule ${which} could not be written as an expression; ${out.expression === conv.expression ? 'the others were' : 'the expression written before is kept'}.`);
      }
      onChange(out);
      return;
    }
    const parsed = expressionToRules(expression);
    if (parsed) {
      onChange({ ...value, mode: next, rules: parsed.rules, combinator: parsed.any ? 'any' : 'all' });
      return;
    }
    if (expression.trim() !== '') {
      setNotice(
        rules.length
          ? 'This expression is more than rules can say, so the rules you had before are shown. The expression is kept if you switch back.'
          : 'This expression is more than rules can say: build the rules again. The expression is kept if you switch back.',
      );
    }
    onChange({ ...value, mode: next, rules: rules.length ? rules : [{}] });
  };

  return (
    <div className="spec-form condition-builder">
      <Switch
        legend={fields.mode.label}
        name={`${name}-mode`}
        options={fields.mode.options ?? []}
        value={mode}
        onChange={switchTo}
      />
      <StatusNotice text={notice} />
      {mode === 'expression' ? (
        <ExpressionMode field={fields.expression} value={value} onChange={onChange} problems={problemsFor(problems, 'expression')} />
      ) : (
        <RulesMode fields={fields} value={value} rules={rules} any={any} onChange={onChange} problems={problems} />
      )}
    </div>
  );
}

function Switch(props: { legend: string; name: string; options: NodeField['options'] & object; value: string; onChange: (v: string) => void }) {
  return (
    <fieldset className="field">
      <legend className="field-label">{props.legend}</legend>
      <div className="switch">
        {props.options.map((o) => (
          <label key={o.value}>
            <input
              type="radio"
              name={props.name}
              value={o.value}
              checked={props.value === o.value}
              onChange={() => props.onChange(o.value ?? '')}
            />
            {o.label || o.value}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ExpressionMode({ field, value, onChange, problems }: { field: NodeField; value: Config; onChange: (c: Config) => void; problems: string[] }) {
  const id = useId();
  const expression = typeof value.expression === 'string' ? value.expression : '';
  return (
    <div className={`field field-expression${problems.length ? ' has-problem' : ''}`}>
      <label htmlFor={id} className="field-label">
        {field.label}
      </label>
      <FieldInput
        id={id}
        field={field}
        value={value.expression}
        onChange={(v) => onChange({ ...value, expression: v })}
        describedBy={field.help ? `${id}-help` : undefined}
        credentials={[]}
        invalid={problems.length > 0}
      />
      {field.help && (
        <p id={`${id}-help`} className="field-help">
          {field.help}
        </p>
      )}
      {problems.map((m) => (
        <p key={m} className="field-problem" role="alert">
          {m}
        </p>
      ))}
      <ExpressionPreview config={{ ...value, mode: 'expression' }} expression={expression} />
    </div>
  );
}

interface RulesProps {
  fields: ConditionFields;
  value: Config;
  rules: Rule[];
  any: boolean;
  onChange: (c: Config) => void;
  problems: { field: string; message: string }[];
}

function RulesMode({ fields, value, rules, any, onChange, problems }: RulesProps) {
  const m = useMapping();
  const name = useId();
  const decision = m ? decide(rules, any, m.data) : undefined;
  const setRules = (next: Rule[]) => onChange({ ...value, rules: next });
  return (
    <>
      <Switch
        legend={fields.combinator.label}
        name={`${name}-combinator`}
        options={fields.combinator.options ?? []}
        value={any ? 'any' : 'all'}
        onChange={(v) => onChange({ ...value, combinator: v })}
      />
      {decision && rules.length > 0 && <Verdict decision={decision} rules={rules} any={any} fields={fields} />}
      <div role="group" aria-label={fields.rules.label}>
        {rules.length === 0 && <p className="muted">No rules yet: add one.</p>}
        {rules.map((r, i) => (
          <RuleRow
            key={i}
            index={i}
            fields={fields}
            rule={r}
            result={decision?.results[i]}
            problems={problemsFor(problems, `rules[${i}]`)}
            onChange={(next) => setRules(rules.map((x, j) => (j === i ? next : x)))}
            onRemove={() => setRules(rules.filter((_, j) => j !== i))}
          />
        ))}
      </div>
      <button type="button" className="link" onClick={() => setRules([...rules, {}])}>
        + Add rule
      </button>
      {problemsFor(problems, 'rules')
        .filter((p) => !p.startsWith('rules['))
        .map((p) => (
          <p key={p} className="field-problem" role="alert">
            {p}
          </p>
        ))}
    </>
  );
}

function opLabel(fields: ConditionFields, op: string): string {
  return fields.operator.options?.find((o) => o.value === op)?.label ?? op;
}

function Verdict({ decision, rules, any, fields }: { decision: Decision; rules: Rule[]; any: boolean; fields: ConditionFields }) {
  if (decision.kind === 'error' && decision.message === unfinished) {
    return (
      <p className="verdict verdict-unknown" role="status">
        Finish rule {decision.rule + 1}: {decision.message}, then this shows whether the sample takes the True or the False port.
      </p>
    );
  }
  if (decision.kind === 'error') {
    return (
      <p className="verdict verdict-false" role="status">
        On the sample the step would fail: rule {decision.rule + 1}: {decision.message}.
      </p>
    );
  }
  const port = decision.result ? 'True' : 'False';
  let why = '';
  const i = decision.decidedBy;
  if (i !== undefined) {
    const r = rules[i] ?? {};
    why = decision.result
      ? ` Rule ${i + 1} holds.`
      : ` Rule ${i + 1} does not hold: ${r.field ?? ''} ${describe(decision.results[i])}, and the rule asks that it ${opLabel(fields, r.operator ?? 'eq')}${wanted(decision.results[i])}.`;
  } else {
    why = any ? ' No rule holds.' : ' Every rule holds.';
  }
  return (
    <p className={`verdict verdict-${decision.result}`} role="status">
      {port} on the sample: the run continues on the {port} port.{why}
    </p>
  );
}

function describe(r: RuleResult | undefined): string {
  if (!r || r.kind === 'error') return '';
  return r.field.exists ? `is ${show(r.field.v, true)}` : 'is missing';
}

function wanted(r: RuleResult | undefined): string {
  if (!r || r.kind === 'error' || !r.value) return '';
  return r.value.exists ? ` ${JSON.stringify(text(r.value))}` : ' (a missing value)';
}

function outcome(r: RuleResult): string {
  if (r.kind === 'error') return `Cannot be checked: ${r.message}.`;
  return r.kind === 'holds' ? 'Holds on the sample.' : `Does not hold on the sample: the field ${describe(r)}.`;
}

interface RowProps {
  index: number;
  fields: ConditionFields;
  rule: Rule;
  result: RuleResult | undefined;
  problems: string[];
  onChange: (r: Rule) => void;
  onRemove: () => void;
}

function RuleRow({ index, fields, rule, result, problems, onChange, onRemove }: RowProps) {
  const id = useId();
  const fieldRef = useRef<HTMLInputElement>(null);
  const valueRef = useRef<HTMLInputElement>(null);
  const n = index + 1;
  const op = rule.operator ?? String(fields.operator.default ?? 'eq');
  const showValue = applies(fields.value, { ...rule, operator: op }, fields.rules.fields ?? []);
  const set = (patch: Partial<Rule>) => {
    const next: Rule = { ...rule, ...patch };
    for (const k of Object.keys(patch) as (keyof Rule)[]) if (next[k] === '' || next[k] === undefined) delete next[k];
    onChange(next);
  };
  return (
    <fieldset className="rule-row" aria-label={`Rule ${n}`}>
      <legend>
        Rule {n}
        <button type="button" className="link danger" aria-label={`Remove rule ${n}`} onClick={onRemove}>
          Remove
        </button>
      </legend>
      <div className="field">
        <label htmlFor={`${id}-field`} className="field-label">
          {fields.field.label}
        </label>
        <div className="with-insert">
          <input
            id={`${id}-field`}
            ref={fieldRef}
            className="mono"
            value={rule.field ?? ''}
            placeholder={fields.field.placeholder}
            aria-required="true"
            onChange={(e) => set({ field: e.target.value })}
          />
          <InsertField label={`${fields.field.label} of rule ${n}`} mode="path" target={fieldRef} value={rule.field ?? ''} onChange={(v) => set({ field: v })} />
        </div>
        <PathPreview path={rule.field ?? ''} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-op`} className="field-label">
          {fields.operator.label}
        </label>
        <select id={`${id}-op`} value={op} onChange={(e) => set({ operator: e.target.value })}>
          {(fields.operator.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label || o.value}
            </option>
          ))}
        </select>
      </div>
      {showValue && (
        <div className="field">
          <label htmlFor={`${id}-value`} className="field-label">
            {fields.value.label}
          </label>
          <div className="with-insert">
            <input
              id={`${id}-value`}
              ref={valueRef}
              className="mono"
              value={rule.value ?? ''}
              onChange={(e) => set({ value: e.target.value })}
            />
            <InsertField label={`${fields.value.label} of rule ${n}`} mode="template" target={valueRef} value={rule.value ?? ''} onChange={(v) => set({ value: v })} />
          </div>
          <TemplatePreview value={rule.value ?? ''} />
        </div>
      )}
      {result && (
        <p className={`rule-outcome ${result.kind}`}>
          {outcome(result)}
        </p>
      )}
      {problems.map((p) => (
        <p key={p} className="field-problem" role="alert">
          {p}
        </p>
      ))}
    </fieldset>
  );
}
