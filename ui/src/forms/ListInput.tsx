import type { Config, Credential, NodeField } from '../api/types';
import { SpecForm } from './SpecForm';

interface Props {
  id: string;
  field: NodeField;
  value: unknown;
  onChange: (v: unknown) => void;
  credentials: Credential[];
}

function toItems(v: unknown): Config[] {
  return Array.isArray(v) ? v.map((x) => (typeof x === 'object' && x !== null ? (x as Config) : {})) : [];
}

/** ListInput edits a list of objects, each with the sub-form of the field's item fields. */
export function ListInput({ id, field, value, onChange, credentials }: Props) {
  const items = toItems(value);
  const set = (next: Config[]) => onChange(next.length ? next : undefined);
  return (
    <div className="list-input" id={id} role="group" aria-label={field.label}>
      {items.length === 0 && <p className="muted">None yet.</p>}
      {items.map((item, i) => (
        <fieldset key={i} className="list-item">
          <legend>
            {field.label} {i + 1}
            <button
              type="button"
              className="link danger"
              aria-label={`Remove ${field.label} ${i + 1}`}
              onClick={() => set(items.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </legend>
          <SpecForm
            fields={field.fields ?? []}
            value={item}
            onChange={(next) => set(items.map((x, j) => (j === i ? next : x)))}
            credentials={credentials}
          />
        </fieldset>
      ))}
      <button type="button" className="link" onClick={() => set([...items, {}])}>
        + Add {field.label.toLowerCase().replace(/s$/, '')}
      </button>
    </div>
  );
}
