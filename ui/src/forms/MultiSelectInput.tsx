import { useState } from 'react';
import type { NodeField } from '../api/types';

interface Props {
  id: string;
  field: NodeField;
  value: unknown;
  onChange: (v: unknown) => void;
}

function toList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** MultiSelectInput is a list of checkboxes; with openOptions, other values can be typed in. */
export function MultiSelectInput({ id, field, value, onChange }: Props) {
  const selected = toList(value ?? field.default);
  const [extra, setExtra] = useState('');
  const options = field.options ?? [];
  const known = new Set(options.map((o) => o.value ?? ''));
  const set = (next: string[]) => onChange(next.length ? next : undefined);
  const toggle = (v: string, on: boolean) => set(on ? [...selected, v] : selected.filter((x) => x !== v));
  const add = () => {
    const v = extra.trim();
    if (v && !selected.includes(v)) set([...selected, v]);
    setExtra('');
  };
  return (
    <div className="multiselect" id={id} role="group" aria-label={field.label}>
      {options.length > 0 && (
        <div className={options.length > 8 ? 'choices scroll' : 'choices'}>
          {options.map((o) => (
            <label key={o.value} className="checkbox">
              <input
                type="checkbox"
                checked={selected.includes(o.value ?? '')}
                onChange={(e) => toggle(o.value ?? '', e.target.checked)}
              />
              {o.label || o.value}
            </label>
          ))}
        </div>
      )}
      {field.openOptions && (
        <>
          <ul className="chips">
            {selected
              .filter((v) => !known.has(v))
              .map((v) => (
                <li key={v}>
                  {v}
                  <button type="button" aria-label={`Remove ${v}`} onClick={() => toggle(v, false)}>
                    ×
                  </button>
                </li>
              ))}
          </ul>
          <div className="row">
            <input
              aria-label={`Add to ${field.label}`}
              value={extra}
              placeholder={field.placeholder}
              onChange={(e) => setExtra(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  add();
                }
              }}
            />
            <button type="button" onClick={add}>
              Add
            </button>
          </div>
        </>
      )}
    </div>
  );
}
