import { useId, useState, type FormEvent } from 'react';
import { message } from '../api/client';
import { KeyValueInput } from '../forms/KeyValueInput';
import type { Channel, EventType, Registered, Registration, Webhook } from './api';
import { webhooksApi } from './api';
import { Labeled } from './Labeled';
import { ChannelPicker, EventTypePicker } from '../catalog/Pickers';
import { buildRegistration, emptyForm, formOf, validate, type Field, type WebhookFormState } from './registration';
import { InvalidLists, RegistrationResult } from './RegistrationResult';
import { ErrorNotice } from '../pages/Notice';
import './webhooks.css';

const methods = ['POST', 'PUT', 'PATCH', 'DELETE', 'GET', 'HEAD'] as const;

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

      <EventTypePicker
        types={eventTypes}
        value={form.webhookEvents}
        onChange={(webhookEvents) => set({ webhookEvents })}
        problems={problems.webhookEvents ? [problems.webhookEvents] : []}
        heading={`Events (${form.webhookEvents.length} picked)`}
        listLabel="Events"
      />
      <ChannelPicker
        channels={channels}
        value={form.wabaNumbers}
        onChange={(wabaNumbers) => set({ wabaNumbers })}
        problems={problems.wabaNumbers ? [problems.wabaNumbers] : []}
        heading={`Business numbers (${form.wabaNumbers.length} picked)`}
        listLabel="Business numbers"
        empty={
          <>
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
          </>
        }
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

      <ErrorNotice error={error} />
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
