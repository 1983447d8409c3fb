import { useId, useMemo, useState, type ReactNode } from 'react';
import type { Channel, EventType } from './api';
import './catalog.css';

const groupLabels: Record<EventType['group'], string> = {
  chat: 'Chats and messages',
  ticket: 'Tickets',
  live_chat: 'Live chat',
  agent: 'Agents',
  case: 'Cases',
};

interface PickerProps {
  value: string[];
  onChange: (next: string[]) => void;
  problems: string[];
  /** heading is the visible name of the picker. */
  heading: ReactNode;
  /** help is the line under the heading. */
  help?: ReactNode;
  /** listLabel names the list of checkboxes; without it the heading does. */
  listLabel?: string;
  /** error is why the list could not be loaded, in words. */
  error?: string;
}

function toggled(list: string[], v: string, on: boolean): string[] {
  return on ? (list.includes(v) ? list : [...list, v]) : list.filter((x) => x !== v);
}

function matches(t: EventType, q: string): boolean {
  return q === '' || [t.name, t.name.replaceAll('_', ' '), t.label, t.description].some((s) => s.toLowerCase().includes(q));
}

/** Frame is what both pickers share around their list: heading, help, load error, problems. */
function Frame(props: PickerProps & { field: string; id: string; what: string; children: ReactNode }) {
  const { problems, heading, help, error, field, id, what, children } = props;
  return (
    <div className={`field picker${problems.length ? ' has-problem' : ''}`} data-field={field}>
      <span className="field-label" id={`${id}-label`}>
        {heading}
      </span>
      {help && <p className="field-help">{help}</p>}
      {error && (
        <p className="notice error" role="alert">
          The {what} could not be loaded: {error}
        </p>
      )}
      {children}
      {problems.map((m) => (
        <p key={m} className="field-problem" role="alert">
          {m}
        </p>
      ))}
    </div>
  );
}

function Chips({ label, values, onRemove }: { label: string; values: string[]; onRemove: (v: string) => void }) {
  if (values.length === 0) return null;
  return (
    <ul className="chips" aria-label={label}>
      {values.map((v) => (
        <li key={v}>
          {v}
          <button type="button" aria-label={`Remove ${v}`} onClick={() => onRemove(v)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}

interface EventTypePickerProps extends PickerProps {
  /** types is the event catalog; null while it loads. */
  types: EventType[] | null;
}

/**
 * EventTypePicker chooses platform events from the catalog: grouped,
 * searchable by name, label or description.
 */
export function EventTypePicker(props: EventTypePickerProps) {
  const { types, value, onChange, listLabel, error } = props;
  const [search, setSearch] = useState('');
  const id = useId();
  const q = search.trim().toLowerCase();
  const groups = useMemo(() => {
    const by = new Map<EventType['group'], EventType[]>();
    for (const t of (types ?? []).filter((t) => matches(t, q))) by.set(t.group, [...(by.get(t.group) ?? []), t]);
    return [...by.entries()];
  }, [types, q]);
  const known = new Set((types ?? []).map((t) => t.name));
  const remove = (v: string) => onChange(toggled(value, v, false));
  return (
    <Frame {...props} field="eventTypes" id={id} what="event list">
      <Chips label="Chosen events not in the catalog" values={value.filter((v) => !known.has(v))} onRemove={remove} />
      <input
        type="search"
        aria-label="Search events"
        placeholder="Search events, e.g. assigned"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="picker-list" role="group" aria-label={listLabel} aria-labelledby={listLabel ? undefined : `${id}-label`}>
        {types === null && !error && <p className="muted small">Loading the events…</p>}
        {types?.length === 0 && <p className="muted small">The event catalog could not be loaded.</p>}
        {types !== null && types.length > 0 && groups.length === 0 && (
          <p className="muted small">No event matches “{search.trim()}”.</p>
        )}
        {groups.map(([group, list]) => (
          <fieldset key={group} className="picker-group">
            <legend>{groupLabels[group] ?? group}</legend>
            {list.map((t) => (
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
    </Frame>
  );
}

interface ChannelPickerProps extends PickerProps {
  /** channels are the registered channels; null while they load. */
  channels: Channel[] | null;
  /** empty is said when no channel is registered. */
  empty: ReactNode;
  /**
   * typing lets a number not registered yet be typed in; without it a
   * chosen number that is no longer a channel is listed to be unticked.
   */
  typing?: boolean;
}

/** ChannelPicker chooses business numbers (WABA numbers) and chat sources. */
export function ChannelPicker(props: ChannelPickerProps) {
  const { channels, value, onChange, listLabel, error, empty, typing } = props;
  const [extra, setExtra] = useState('');
  const id = useId();
  const known = new Set((channels ?? []).map((c) => c.number));
  const unknown = value.filter((v) => !known.has(v));
  const add = () => {
    const v = extra.trim();
    if (v) onChange(toggled(value, v, true));
    setExtra('');
  };
  return (
    <Frame {...props} field="channels" id={id} what="business numbers">
      <div className="picker-list short" role="group" aria-label={listLabel} aria-labelledby={listLabel ? undefined : `${id}-label`}>
        {channels === null && !error && <p className="muted small">Loading the business numbers…</p>}
        {channels?.length === 0 && <p className="muted small">{empty}</p>}
        {channels?.map((c) => (
          <label key={c.number} className="picker-item">
            <input
              type="checkbox"
              checked={value.includes(c.number)}
              onChange={(e) => onChange(toggled(value, c.number, e.target.checked))}
            />
            <span>
              <span className="picker-name">{c.name || c.number}</span> <code className="small">{c.number}</code>
              {c.kind === 'chat_source' && <span className="muted small"> · chat source</span>}
            </span>
          </label>
        ))}
        {!typing &&
          unknown.map((n) => (
            <label key={n} className="picker-item">
              <input type="checkbox" checked onChange={() => onChange(toggled(value, n, false))} />
              <span>
                <code className="small">{n}</code> <span className="muted small">(no longer a channel)</span>
              </span>
            </label>
          ))}
      </div>
      {typing && (
        <>
          <Chips label="Numbers typed in" values={unknown} onRemove={(v) => onChange(toggled(value, v, false))} />
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
        </>
      )}
    </Frame>
  );
}
