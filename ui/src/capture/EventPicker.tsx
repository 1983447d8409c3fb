import { useEffect, useId, useMemo, useState } from 'react';
import { message } from '../api/client';
import { channels, eventTypes, type Channel, type EventType } from './api';

const groupLabels: Record<EventType['group'], string> = {
  chat: 'Chats and messages',
  ticket: 'Tickets',
  live_chat: 'Live chat',
  agent: 'Agents',
  case: 'Cases',
};

/** useLoaded runs a load once and keeps its result or its error in words. */
function useLoaded<T>(load: () => Promise<T>): { data: T | null; error: string } {
  const [state, setState] = useState<{ data: T | null; error: string }>({ data: null, error: '' });
  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setState({ data, error: '' }),
      (err: unknown) => live && setState({ data: null, error: message(err) }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return state;
}

interface PickerProps {
  value: string[];
  onChange: (next: string[]) => void;
  problems: string[];
}

function toggled(list: string[], v: string, on: boolean): string[] {
  return on ? (list.includes(v) ? list : [...list, v]) : list.filter((x) => x !== v);
}

/**
 * EventTypePicker chooses the platform events that start the flow, from
 * the catalog: grouped, searchable by name, label or description.
 */
export function EventTypePicker({ value, onChange, problems }: PickerProps) {
  const { data, error } = useLoaded(eventTypes);
  const [search, setSearch] = useState('');
  const id = useId();
  const q = search.trim().toLowerCase();
  const groups = useMemo(() => {
    const shown = (data ?? []).filter(
      (t) => q === '' || [t.name, t.label, t.description].some((s) => s.toLowerCase().includes(q)),
    );
    const by = new Map<EventType['group'], EventType[]>();
    for (const t of shown) by.set(t.group, [...(by.get(t.group) ?? []), t]);
    return [...by.entries()];
  }, [data, q]);
  const known = new Set((data ?? []).map((t) => t.name));
  const unknown = value.filter((v) => !known.has(v));

  return (
    <div className={`field picker${problems.length ? ' has-problem' : ''}`} data-field="eventTypes">
      <span className="field-label" id={`${id}-label`}>
        Events<span className="required" aria-label="required" title="required">*</span>
      </span>
      <p className="field-help">
        The events that start the flow. {value.length === 0 ? 'Pick at least one.' : `${value.length} chosen.`}
      </p>
      {error && (
        <p className="notice error" role="alert">
          The event list could not be loaded: {error}
        </p>
      )}
      {unknown.length > 0 && (
        <ul className="chips" aria-label="Chosen events not in the catalog">
          {unknown.map((v) => (
            <li key={v}>
              {v}
              <button type="button" aria-label={`Remove ${v}`} onClick={() => onChange(toggled(value, v, false))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        type="search"
        aria-label="Search events"
        placeholder="Search events, e.g. assigned"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="picker-list" role="group" aria-labelledby={`${id}-label`}>
        {data === null && !error && <p className="muted small">Loading the events…</p>}
        {data !== null && groups.length === 0 && <p className="muted small">No event matches “{search.trim()}”.</p>}
        {groups.map(([group, types]) => (
          <fieldset key={group} className="picker-group">
            <legend>{groupLabels[group] ?? group}</legend>
            {types.map((t) => (
              <label key={t.name} className="picker-item">
                <input
                  type="checkbox"
                  checked={value.includes(t.name)}
                  onChange={(e) => onChange(toggled(value, t.name, e.target.checked))}
                  aria-describedby={`${id}-${t.name}`}
                />
                <span>
                  <span className="picker-name">{t.label}</span> <code className="small">{t.name}</code>
                  <span id={`${id}-${t.name}`} className="field-help picker-desc">
                    {t.description}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>
        ))}
      </div>
      {problems.map((m) => (
        <p key={m} className="field-problem" role="alert">
          {m}
        </p>
      ))}
    </div>
  );
}

/**
 * ChannelPicker chooses the business numbers (WABA numbers) and chat
 * sources whose events start the flow; none means all of them. A number
 * not registered yet can be typed in.
 */
export function ChannelPicker({ value, onChange, problems }: PickerProps) {
  const { data, error } = useLoaded(channels);
  const [extra, setExtra] = useState('');
  const id = useId();
  const known = new Set((data ?? []).map((c: Channel) => c.number));
  const typed = value.filter((v) => !known.has(v));
  const add = () => {
    const v = extra.trim();
    if (v) onChange(toggled(value, v, true));
    setExtra('');
  };
  return (
    <div className={`field picker${problems.length ? ' has-problem' : ''}`} data-field="channels">
      <span className="field-label" id={`${id}-label`}>
        Business numbers
      </span>
      <p className="field-help">
        {value.length === 0
          ? 'None chosen: the flow starts for events of every business number and chat source.'
          : 'The flow starts only for events of these numbers and chat sources.'}
      </p>
      {error && (
        <p className="notice error" role="alert">
          The business numbers could not be loaded: {error}
        </p>
      )}
      <div className="picker-list short" role="group" aria-labelledby={`${id}-label`}>
        {data === null && !error && <p className="muted small">Loading the business numbers…</p>}
        {data?.length === 0 && <p className="muted small">No business numbers are registered yet. Type one below.</p>}
        {data?.map((c) => (
          <label key={c.number} className="picker-item">
            <input
              type="checkbox"
              checked={value.includes(c.number)}
              onChange={(e) => onChange(toggled(value, c.number, e.target.checked))}
            />
            <span>
              <span className="picker-name">{c.name || c.number}</span>{' '}
              <code className="small">{c.number}</code>
              {c.kind === 'chat_source' && <span className="muted small"> · chat source</span>}
            </span>
          </label>
        ))}
      </div>
      {typed.length > 0 && (
        <ul className="chips" aria-label="Numbers typed in">
          {typed.map((v) => (
            <li key={v}>
              {v}
              <button type="button" aria-label={`Remove ${v}`} onClick={() => onChange(toggled(value, v, false))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <input
          aria-label="Add a business number or chat source"
          placeholder="919876543210"
          value={extra}
          onChange={(e) => setExtra(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
        <button type="button" onClick={add} disabled={extra.trim() === ''}>
          Add
        </button>
      </div>
      {problems.map((m) => (
        <p key={m} className="field-problem" role="alert">
          {m}
        </p>
      ))}
    </div>
  );
}
