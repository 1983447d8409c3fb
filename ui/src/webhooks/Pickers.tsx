import { useId, useMemo, useState } from 'react';
import type { Channel, EventType } from './api';

interface EventPickerProps {
  eventTypes: EventType[];
  selected: string[];
  onChange: (names: string[]) => void;
  problem?: string;
}

/** EventPicker picks events from the catalog, searchable by name, label or description. */
export function EventPicker({ eventTypes, selected, onChange, problem }: EventPickerProps) {
  const id = useId();
  const [q, setQ] = useState('');
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    if (!needle) return eventTypes;
    return eventTypes.filter((t) =>
      `${t.name} ${t.name.replaceAll('_', ' ')} ${t.label} ${t.description}`.toLowerCase().includes(needle),
    );
  }, [eventTypes, q]);
  const toggle = (name: string, on: boolean) => onChange(on ? [...selected, name] : selected.filter((n) => n !== name));
  return (
    <fieldset aria-describedby={problem ? `${id}-problem` : undefined} aria-invalid={problem ? true : undefined}>
      <legend>Events ({selected.length} picked)</legend>
      <input type="search" aria-label="Search events" placeholder="Search events" value={q} onChange={(e) => setQ(e.target.value)} />
      {eventTypes.length === 0 && <p className="muted small">The event catalog could not be loaded.</p>}
      <div className="wh-picker" role="group" aria-label="Events">
        {shown.map((t) => (
          <label key={t.name} className="wh-option">
            <input type="checkbox" checked={selected.includes(t.name)} onChange={(e) => toggle(t.name, e.target.checked)} />
            <span>
              {t.label} <code className="small">{t.name}</code>
            </span>
            <span className="wh-option-desc">{t.description}</span>
          </label>
        ))}
        {eventTypes.length > 0 && shown.length === 0 && <p className="muted small">No event matches “{q}”.</p>}
      </div>
      {problem && (
        <p className="field-problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </fieldset>
  );
}

interface NumberPickerProps {
  channels: Channel[];
  selected: string[];
  onChange: (numbers: string[]) => void;
  problem?: string;
  navigate: (path: string) => void;
}

/** NumberPicker picks the business numbers (channels) whose events are sent. */
export function NumberPicker({ channels, selected, onChange, problem, navigate }: NumberPickerProps) {
  const id = useId();
  const toggle = (n: string, on: boolean) => onChange(on ? [...selected, n] : selected.filter((x) => x !== n));
  return (
    <fieldset aria-describedby={problem ? `${id}-problem` : undefined} aria-invalid={problem ? true : undefined}>
      <legend>Business numbers ({selected.length} picked)</legend>
      {channels.length === 0 && selected.length === 0 ? (
        <p className="muted small">
          There are no business numbers yet.{' '}
          <a
            href="/settings/channels"
            onClick={(e) => {
              e.preventDefault();
              navigate('/settings/channels');
            }}
          >
            Add one in Settings → Channels
          </a>
          , then come back.
        </p>
      ) : (
        <div className="wh-picker" role="group" aria-label="Business numbers">
          {channels.map((c) => (
            <label key={c.number} className="wh-option">
              <input type="checkbox" checked={selected.includes(c.number)} onChange={(e) => toggle(c.number, e.target.checked)} />
              <span>
                {c.name} <code className="small">{c.number}</code>
              </span>
            </label>
          ))}
          {selected
            .filter((n) => !channels.some((c) => c.number === n))
            .map((n) => (
              <label key={n} className="wh-option">
                <input type="checkbox" checked onChange={() => toggle(n, false)} />
                <span>
                  <code className="small">{n}</code> <span className="muted small">(no longer a channel)</span>
                </span>
              </label>
            ))}
        </div>
      )}
      {problem && (
        <p className="field-problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
    </fieldset>
  );
}
