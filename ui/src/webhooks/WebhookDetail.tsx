import { useEffect, useState } from 'react';
import { message } from '../api/client';
import type { Channel, EventType, Webhook } from './api';
import * as catalog from '../catalog/api';
import { webhooksApi } from './api';
import { DeliveryLog } from './DeliveryLog';
import { when } from './format';
import { Health, statusWords } from './Health';
import { Tags } from './Tags';
import { WebhookActions } from './WebhookActions';
import { WebhookForm } from './WebhookForm';
import { ErrorNotice } from '../pages/Notice';
import './webhooks.css';

interface Props {
  webhookId: string;
  navigate: (path: string) => void;
}

/** WebhookDetail is one outbound webhook: its settings, health and delivery log. */
export function WebhookDetail({ webhookId, navigate }: Props) {
  const [webhook, setWebhook] = useState<Webhook | null>(null);
  const [error, setError] = useState('');
  const [editing, setEditing] = useState<{ eventTypes: EventType[]; channels: Channel[] } | null>(null);
  const [editError, setEditError] = useState('');
  const load = () =>
    webhooksApi
      .get(webhookId)
      .then(setWebhook)
      .catch((err) => setError(message(err)));
  useEffect(() => {
    void load();
    // load only reads webhookId.
  }, [webhookId]);
  const edit = async () => {
    setEditError('');
    try {
      const [eventTypes, channels] = await Promise.all([catalog.eventTypes(), catalog.channels()]);
      setEditing({ eventTypes, channels });
    } catch (err) {
      setEditError(message(err));
    }
  };

  const back = (
    <button type="button" className="link" onClick={() => navigate('/webhooks')}>
      ← Webhooks
    </button>
  );
  if (error) {
    return (
      <main className="page">
        {back}
        <p className="notice error" role="alert">
          {error}
        </p>
      </main>
    );
  }
  if (!webhook) return <main className="page muted">Loading…</main>;
  const w = webhook;
  return (
    <main className="page">
      <header className="page-head">
        {back}
        <h1 className="wh-title">{w.name || w.id}</h1>
        <span className={`badge status-${w.status}`}>{w.status}</span>
      </header>
      <p className="muted">{statusWords(w.status)}</p>
      {w.status === 'disabled' && w.statusReason && <p className="notice error">Disabled: {w.statusReason}</p>}
      <WebhookActions webhook={w} onChanged={(nw) => (nw ? setWebhook(nw) : navigate('/webhooks'))} />
      <ErrorNotice error={editError} />
      {editing && (
        <WebhookForm
          existing={w}
          eventTypes={editing.eventTypes}
          channels={editing.channels}
          navigate={navigate}
          onCancel={() => setEditing(null)}
          onDone={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
      <section aria-labelledby="webhook-settings" className="wh-card">
        <div className="row">
          <h2 id="webhook-settings">Settings</h2>
          <span className="spacer" />
          {!editing && (
            <button type="button" onClick={() => void edit()}>
              Change settings
            </button>
          )}
        </div>
        <dl className="wh-facts">
          <dt>Id</dt>
          <dd>
            <code>{w.id}</code>
          </dd>
          <dt>Endpoint</dt>
          <dd>
            <span className="badge">{w.method}</span> <span className="wh-url">{w.url}</span>
          </dd>
          <dt>Body format</dt>
          <dd>{w.bodyFormat === 'FORM_DATA' ? 'Form data' : 'JSON'}</dd>
          <dt>Authorization</dt>
          <dd>{w.authorization.type ? `${w.authorization.type}${w.authorization.payload ? ' (set, never shown)' : ''}` : 'None'}</dd>
          <dt>On timeout</dt>
          <dd>{w.retryOnTimeout ? 'Retried' : 'Not retried: the delivery fails'}</dd>
          <dt>Events</dt>
          <dd>
            <Tags values={w.webhookEvents} label="Events" max={100} />
          </dd>
          <dt>Business numbers</dt>
          <dd>
            <Tags values={w.wabaNumbers} label="Business numbers" max={100} />
          </dd>
          <Pairs label="Headers" values={w.headers} />
          <Pairs label="Query parameters" values={w.query} />
          <Pairs label="Extra body fields" values={w.body} />
          <dt>Health</dt>
          <dd>
            <Health health={w.health} />
          </dd>
          {w.previousSecretExpiresAt && (
            <>
              <dt>Previous secret</dt>
              <dd>Still signs beside the new one until {when(w.previousSecretExpiresAt)}</dd>
            </>
          )}
          <dt>Created</dt>
          <dd>
            {when(w.createdAt)} · changed {when(w.updatedAt)}
          </dd>
        </dl>
      </section>
      <DeliveryLog webhookId={w.id} eventTypes={w.webhookEvents} />
    </main>
  );
}

function Pairs({ label, values }: { label: string; values: Record<string, unknown> }) {
  const entries = Object.entries(values ?? {});
  if (entries.length === 0) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {entries.map(([k, v]) => (
          <div key={k} className="small">
            <code>{k}</code>: <span className="mono">{typeof v === 'string' ? v : JSON.stringify(v)}</span>
          </div>
        ))}
      </dd>
    </>
  );
}
