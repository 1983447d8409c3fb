import { cloneElement, useId, useMemo, useState, type FormEvent, type ReactElement, type ReactNode } from 'react';
import { message } from '../api/client';
import { KeyValueInput } from '../forms/KeyValueInput';
import type { Channel, EventType, Registered, Registration, Webhook } from './api';
import { webhooksApi } from './api';
import { InvalidLists, RegistrationResult } from './RegistrationResult';
import './webhooks.css';

const methods = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET', 'HEAD'] as const;

/** WebhookFormState is what the person fills in; buildRegistration turns it into seed 001's body. */
export interface WebhookFormState {
  name: string;
  url: string;
  method: Registration['method'];
  bodyFormat: Registration['bodyFormat'];
  webhookEvents: string[];
  wabaNumbers: string[];
  retryOnTimeout: boolean;
  authType: '' | 'BASIC' | 'BEARER';
  authPayload: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, string>;
  /** The authorization type whose payload is stored already (editing): left empty, it is kept. */
  storedAuthType: '' | 'BASIC' | 'BEARER';
  /** The stored body fields (editing), so that values that are not text keep their JSON type. */
  storedBody: Record<string, unknown>;
}

export const emptyForm: WebhookFormState = {
  name: '',
  url: '',
  method: 'POST',
  bodyFormat: 'JSON',
  webhookEvents: [],
  wabaNumbers: [],
  retryOnTimeout: true,
  authType: '',
  authPayload: '',
  headers: {},
  query: {},
  body: {},
  storedAuthType: '',
  storedBody: {},
};

function authType(t: string | undefined): WebhookFormState['authType'] {
  return t === 'BASIC' || t === 'BEARER' ? t : '';
}

/** formOf fills the form from a stored webhook, to change it. Its secrets are never in it. */
export function formOf(w: Webhook): WebhookFormState {
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const body = (w.body ?? {}) as Record<string, unknown>;
  return {
    name: w.name,
    url: w.url,
    method: w.method as Registration['method'],
    bodyFormat: w.bodyFormat as Registration['bodyFormat'],
    webhookEvents: [...w.webhookEvents],
    wabaNumbers: [...w.wabaNumbers],
    retryOnTimeout: w.retryOnTimeout,
    authType: authType(w.authorization.type),
    authPayload: '',
    headers: { ...w.headers },
    query: { ...w.query },
    body: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, text(v)])),
    storedAuthType: w.authorization.payload ? authType(w.authorization.type) : '',
    storedBody: body,
  };
}

type Field = 'name' | 'url' | 'webhookEvents' | 'wabaNumbers' | 'authPayload' | 'body';

const reservedBody = ['event', 'wabaNumber', 'data'];

/** validate lists what is wrong with the form, by field; empty when it can be sent. */
export function validate(f: WebhookFormState): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {};
  if (!f.name.trim()) problems.name = 'Give the webhook a name, such as "CRM sync".';
  else if (f.name.trim().length > 200) problems.name = 'The name can be at most 200 characters.';
  const url = f.url.trim();
  if (!url) problems.url = 'Enter the address hookflow should call, such as https://example.com/webhooks.';
  else if (!isHttpUrl(url)) problems.url = 'Enter a full address that starts with https:// or http://, such as https://example.com/webhooks.';
  if (f.webhookEvents.length === 0) problems.webhookEvents = 'Pick at least one event.';
  if (f.wabaNumbers.length === 0) problems.wabaNumbers = 'Pick at least one business number.';
  if (f.authType && !f.authPayload.trim() && f.authType !== f.storedAuthType) {
    problems.authPayload =
      f.authType === 'BASIC' ? 'Enter user:password, or a token encoded already.' : 'Enter the token your endpoint expects.';
  }
  const reserved = Object.keys(f.body).filter((k) => reservedBody.includes(k));
  if (reserved.length) problems.body = `${reserved.join(', ')} cannot be used: hookflow fills event, wabaNumber and data itself.`;
  return problems;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * buildRegistration is the request body of seed 001, its fields in that
 * document's order. An empty payload of the stored authorization type is
 * left out, which keeps the stored one.
 */
export function buildRegistration(f: WebhookFormState): Registration {
  const payload = f.authPayload.trim();
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.body)) {
    const stored = f.storedBody[k];
    body[k] = typeof stored !== 'string' && stored !== undefined && JSON.stringify(stored) === v ? stored : v;
  }
  return {
    method: f.method,
    headers: f.headers,
    body,
    query: f.query,
    authorization: !f.authType ? {} : payload ? { type: f.authType, payload } : { type: f.authType },
    url: f.url.trim(),
    bodyFormat: f.bodyFormat,
    webhookEvents: f.webhookEvents,
    retryOnTimeout: f.retryOnTimeout,
    name: f.name.trim(),
    wabaNumbers: f.wabaNumbers,
  };
}

interface Props {
  eventTypes: EventType[];
  channels: Channel[];
  /** The webhook to change; a new one is registered without it. */
  existing?: Webhook;
  /** Called once the person has seen the result (and stored the secret). */
  onDone: () => void;
  onCancel: () => void;
  navigate: (path: string) => void;
}

/**
 * WebhookForm registers an outbound webhook, or changes one. After a
 * registration it shows the signing secret once, and what was not valid,
 * until the person is done.
 */
export function WebhookForm({ eventTypes, channels, existing, onDone, onCancel, navigate }: Props) {
  const id = useId();
  const [form, setForm] = useState<WebhookFormState>(() => (existing ? formOf(existing) : emptyForm));
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const [result, setResult] = useState<Registered | null>(null);
  const problems = tried ? validate(form) : {};
  const set = (patch: Partial<WebhookFormState>) => setForm((f) => ({ ...f, ...patch }));

  if (result?.id) {
    return <RegistrationResult result={result} title={existing ? 'Webhook saved' : 'Webhook registered'} onDone={onDone} />;
  }
  const title = existing ? `Change ${existing.name || existing.id}` : 'New webhook';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    setError('');
    if (Object.keys(validate(form)).length) return;
    setSending(true);
    try {
      const body = buildRegistration(form);
      const out = existing ? await webhooksApi.update(existing.id, body) : await webhooksApi.register(body);
      // The authorization payload is not kept once sent.
      set({ authPayload: '' });
      const leftOut = out.invalidWebhooks.length + out.invalidWabaNumbers.length;
      if (existing && leftOut === 0) onDone();
      else setResult(out);
    } catch (err) {
      setError(message(err));
    } finally {
      setSending(false);
    }
  };
  const fieldProps = (name: Field) => ({
    'aria-invalid': problems[name] ? true : undefined,
    'aria-describedby': problems[name] ? `${id}-${name}-problem` : undefined,
  });
  const problem = (name: Field) =>
    problems[name] && (
      <p className="field-problem" id={`${id}-${name}-problem`}>
        {problems[name]}
      </p>
    );

  return (
    <form className="wh-form" aria-label={title} onSubmit={(e) => void submit(e)} noValidate>
      <h2>{title}</h2>
      {result && !result.id && (
        <div className="notice error" role="alert">
          Nothing was registered: none of the events and business numbers picked is valid.
          <InvalidLists result={result} />
        </div>
      )}
      <div className="wh-form-grid">
        <Labeled label="Webhook name" after={problem('name')}>
          <input value={form.name} onChange={(e) => set({ name: e.target.value })} {...fieldProps('name')} />
        </Labeled>
        <Labeled label="URL" after={problem('url')}>
          <input
            className="mono"
            type="url"
            placeholder="https://example.com/webhooks"
            value={form.url}
            onChange={(e) => set({ url: e.target.value })}
            {...fieldProps('url')}
          />
        </Labeled>
        <Labeled
          label="Method"
          after={
            (form.method === 'GET' || form.method === 'HEAD') && (
              <span className="field-help">GET and HEAD send no body: the event goes in the query.</span>
            )
          }
        >
          <select value={form.method} onChange={(e) => set({ method: e.target.value as Registration['method'] })}>
            {methods.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
        </Labeled>
        <Labeled label="Body format">
          <select value={form.bodyFormat} onChange={(e) => set({ bodyFormat: e.target.value as Registration['bodyFormat'] })}>
            <option value="JSON">JSON</option>
            <option value="FORM_DATA">Form data (application/x-www-form-urlencoded)</option>
          </select>
        </Labeled>
      </div>

      <EventPicker
        eventTypes={eventTypes}
        selected={form.webhookEvents}
        onChange={(webhookEvents) => set({ webhookEvents })}
        problem={problems.webhookEvents}
      />
      <NumberPicker
        channels={channels}
        selected={form.wabaNumbers}
        onChange={(wabaNumbers) => set({ wabaNumbers })}
        problem={problems.wabaNumbers}
        navigate={navigate}
      />

      <fieldset>
        <legend>Authorization sent to your endpoint (optional)</legend>
        <div className="wh-form-grid">
          <Labeled label="Type">
            <select value={form.authType} onChange={(e) => set({ authType: e.target.value as WebhookFormState['authType'] })}>
              <option value="">None</option>
              <option value="BEARER">Bearer token</option>
              <option value="BASIC">Basic (user:password)</option>
            </select>
          </Labeled>
          {form.authType && (
            <Labeled
              label={form.authType === 'BASIC' ? 'user:password' : 'Token'}
              after={
                <>
                  {problem('authPayload')}
                  <span className="field-help">Stored encrypted and never shown again.</span>
                </>
              }
            >
              <input
                type="password"
                autoComplete="off"
                value={form.authPayload}
                onChange={(e) => set({ authPayload: e.target.value })}
                placeholder={form.authType === form.storedAuthType ? 'stored — leave empty to keep it' : undefined}
                {...fieldProps('authPayload')}
              />
            </Labeled>
          )}
        </div>
      </fieldset>

      <details>
        <summary>More: headers, query, extra body fields, timeouts</summary>
        <div className="wh-form-grid">
          <div className="field">
            <span className="field-label">Headers</span>
            <KeyValueInput
              id={`${id}-headers`}
              field={{ name: 'headers', label: 'Headers', kind: 'keyvalue' }}
              value={form.headers}
              onChange={(v) => set({ headers: (v as Record<string, string> | undefined) ?? {} })}
            />
          </div>
          <div className="field">
            <span className="field-label">Query parameters</span>
            <KeyValueInput
              id={`${id}-query`}
              field={{ name: 'query', label: 'Query parameters', kind: 'keyvalue' }}
              value={form.query}
              onChange={(v) => set({ query: (v as Record<string, string> | undefined) ?? {} })}
            />
          </div>
          <div className="field">
            <span className="field-label">Extra body fields</span>
            <KeyValueInput
              id={`${id}-body`}
              field={{ name: 'body', label: 'Extra body fields', kind: 'keyvalue' }}
              value={form.body}
              onChange={(v) => set({ body: (v as Record<string, string> | undefined) ?? {} })}
            />
            {problem('body')}
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={form.retryOnTimeout} onChange={(e) => set({ retryOnTimeout: e.target.checked })} />
            Retry when the endpoint does not answer within 15 seconds
          </label>
        </div>
      </details>

      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {tried && Object.keys(problems).length > 0 && (
        <p className="field-problem" role="alert">
          Some fields need attention before the webhook can be registered.
        </p>
      )}
      <div className="row end">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="primary" disabled={sending}>
          {sending ? 'Saving…' : existing ? 'Save changes' : 'Register webhook'}
        </button>
      </div>
    </form>
  );
}

/** Labeled is a field whose label names only its control (given its id here); help and problems follow it. */
export function Labeled({ label, after, children }: { label: string; after?: ReactNode; children: ReactElement<{ id?: string }> }) {
  const id = useId();
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {cloneElement(children, { id })}
      {after}
    </div>
  );
}

interface EventPickerProps {
  eventTypes: EventType[];
  selected: string[];
  onChange: (names: string[]) => void;
  problem?: string;
}

/** EventPicker picks events from the catalog, searchable by name, label or description. */
function EventPicker({ eventTypes, selected, onChange, problem }: EventPickerProps) {
  const id = useId();
  const [q, setQ] = useState('');
  const shown = useMemo(() => {
    const needle = q.trim().toLowerCase();
    if (!needle) return eventTypes;
    return eventTypes.filter((t) => `${t.name} ${t.label} ${t.description}`.toLowerCase().includes(needle));
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
function NumberPicker({ channels, selected, onChange, problem, navigate }: NumberPickerProps) {
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
