import { useEffect, useRef, useState } from 'react';
import type { NodeField } from '../api/types';
import { InsertField } from '../mapping/InsertField';
import { TemplatePreview } from '../mapping/Preview';

interface Props {
  id: string;
  field: NodeField;
  value: unknown;
  onChange: (v: unknown) => void;
}

type Row = { key: string; value: string };

function toRows(v: unknown): Row[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  return Object.entries(v).map(([key, value]) => ({ key, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

/** KeyValueInput edits an object of names to (template) strings: headers, query, form fields. */
export function KeyValueInput({ id, field, value, onChange }: Props) {
  // Rows are kept locally so that a row with an empty name survives typing.
  const [rows, setRows] = useState<Row[]>(() => toRows(value));
  useEffect(() => {
    const fromValue = toRows(value);
    const named = rows.filter((r) => r.key !== '');
    if (JSON.stringify(fromValue) !== JSON.stringify(named)) setRows(fromValue);
    // Only an outside change of the value resets the rows, so rows is not a dependency.
  }, [value]);
  const commit = (next: Row[]) => {
    setRows(next);
    const obj: Record<string, string> = {};
    for (const r of next) if (r.key !== '') obj[r.key] = r.value;
    onChange(Object.keys(obj).length ? obj : undefined);
  };
  const update = (i: number, patch: Partial<Row>) => commit(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="keyvalue" id={id} role="group" aria-label={field.label}>
      {rows.map((r, i) => (
        <div className="row" key={i}>
          <input aria-label="Name" placeholder="name" value={r.key} onChange={(e) => update(i, { key: e.target.value })} />
          <ValueInput
            label={`Value of ${r.key || 'row'}`}
            value={r.value}
            templates={field.templates === true}
            onChange={(v) => update(i, { value: v })}
          />
          <button type="button" aria-label={`Remove ${r.key || 'row'}`} onClick={() => commit(rows.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button type="button" className="link" onClick={() => setRows([...rows, { key: '', value: '' }])}>
        + Add
      </button>
    </div>
  );
}

/** ValueInput is one row's value, with the field picker and its preview when it takes templates. */
function ValueInput({ label, value, templates, onChange }: { label: string; value: string; templates: boolean; onChange: (v: string) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  const input = (
    <input ref={ref} aria-label={label} className="mono" placeholder="value" value={value} onChange={(e) => onChange(e.target.value)} />
  );
  if (!templates) return input;
  return (
    <div className="keyvalue-value">
      <div className="with-insert">
        {input}
        <InsertField label={label} mode="template" target={ref} value={value} onChange={onChange} />
      </div>
      <TemplatePreview value={value} />
    </div>
  );
}
