import { useCallback, useEffect, useState } from 'react';
import { message } from '../api/client';
import type { Channel, EventType, Webhook } from './api';
import { channels, eventTypes } from '../catalog/api';
import { webhooksApi } from './api';
import { Health, statusWords } from './Health';
import { Tags } from './Tags';
import { WebhookActions } from './WebhookActions';
import { WebhookForm } from './WebhookForm';
import { ErrorNotice } from '../pages/Notice';
import './webhooks.css';

interface Props {
  navigate: (path: string) => void;
}

interface Catalog {
  eventTypes: EventType[];
  channels: Channel[];
}

/** WebhooksPage is the outbound registry: the webhooks other systems get events on, and a form to add one. */
export function WebhooksPage({ navigate }: Props) {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [error, setError] = useState('');
  const [creating, setCreating] = useState(false);
  const [catalog, setCatalog] = useState<Catalog | null>(null);

  const load = useCallback(async () => {
    setError('');
    try {
      setHooks(await webhooksApi.list());
    } catch (err) {
      setError(message(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const startCreate = async () => {
    setError('');
    try {
      const [types, numbers] = await Promise.all([eventTypes(), channels()]);
      setCatalog({ eventTypes: types, channels: numbers });
      setCreating(true);
    } catch (err) {
      setError(message(err));
    }
  };
  const changed = (id: string, w: Webhook | null) =>
    setHooks((hs) => (hs ?? []).flatMap((h) => (h.id !== id ? [h] : w ? [w] : [])));

  return (
    <main className="page">
      <header className="page-head">
        <h1>Webhooks</h1>
        <span className="spacer" />
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
        {!creating && (
          <button type="button" className="primary" onClick={() => void startCreate()}>
            New webhook
          </button>
        )}
      </header>
      <p className="wh-intro">
        Outbound webhooks send platform events (a tag added, a message received, a chat assigned…) to other systems as they
        happen, signed so the receiver can check they come from hookflow. Systems can also register their own through the
        registration API, <code>POST /v2/webhook/register</code>.
      </p>
      <ErrorNotice error={error} />
      {creating && catalog && (
        <WebhookForm
          eventTypes={catalog.eventTypes}
          channels={catalog.channels}
          navigate={navigate}
          onCancel={() => setCreating(false)}
          onDone={() => {
            setCreating(false);
            void load();
          }}
        />
      )}
      {hooks === null && !error && <p className="muted">Loading…</p>}
      {hooks?.length === 0 && !creating && (
        <div className="empty">
          <h2>No webhooks yet</h2>
          <p>Add one to have hookflow call your endpoint when an event happens on your business numbers.</p>
        </div>
      )}
      {hooks && hooks.length > 0 && (
        <ul className="wh-list" aria-label="Webhooks">
          {hooks.map((w) => (
            <WebhookCard key={w.id} webhook={w} navigate={navigate} onChanged={(nw) => changed(w.id, nw)} />
          ))}
        </ul>
      )}
    </main>
  );
}

interface CardProps {
  webhook: Webhook;
  navigate: (path: string) => void;
  onChanged: (w: Webhook | null) => void;
}

function WebhookCard({ webhook: w, navigate, onChanged }: CardProps) {
  const path = `/webhooks/${encodeURIComponent(w.id)}`;
  return (
    <li className="wh-card" aria-label={w.name || w.id}>
      <div className="wh-card-head">
        <h2>
          <a
            href={path}
            onClick={(e) => {
              e.preventDefault();
              navigate(path);
            }}
          >
            {w.name || w.id}
          </a>
        </h2>
        <span className={`badge status-${w.status}`} title={statusWords(w.status)}>
          {w.status}
        </span>
        <code className="small muted">{w.id}</code>
      </div>
      {w.status === 'disabled' && w.statusReason && <p className="notice error">Disabled: {w.statusReason}</p>}
      <dl className="wh-facts">
        <dt>Endpoint</dt>
        <dd>
          <span className="badge">{w.method}</span> <span className="wh-url">{w.url}</span>
        </dd>
        <dt>Events</dt>
        <dd>
          <Tags values={w.webhookEvents} label={`Events of ${w.name}`} />
        </dd>
        <dt>Business numbers</dt>
        <dd>
          <Tags values={w.wabaNumbers} label={`Business numbers of ${w.name}`} />
        </dd>
        <dt>Health</dt>
        <dd>
          <Health health={w.health} />
        </dd>
      </dl>
      <WebhookActions webhook={w} onChanged={onChanged} />
    </li>
  );
}
