import { useEffect, useRef, useState } from 'react';
import { message } from '../api/client';
import type { Delivery, DeliveryStatus } from './api';
import { webhooksApi } from './api';
import { DeliveryDetail } from './DeliveryDetail';
import { when } from './format';
import { ErrorNotice } from '../pages/Notice';
import './webhooks.css';

const statuses: { value: DeliveryStatus | ''; label: string }[] = [
  { value: '', label: 'Any status' },
  { value: 'pending', label: 'Pending' },
  { value: 'succeeded', label: 'Succeeded' },
  { value: 'failed', label: 'Failed' },
  { value: 'held', label: 'Held' },
];

interface Props {
  webhookId: string;
  /** The webhook's events, to filter by. */
  eventTypes: string[];
}

/** DeliveryLog is a webhook's deliveries, newest first, a page at a time, filtered by status and event. */
export function DeliveryLog({ webhookId, eventTypes }: Props) {
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [eventType, setEventType] = useState('');
  const [items, setItems] = useState<Delivery[] | null>(null);
  const [next, setNext] = useState('');
  const [error, setError] = useState('');
  const [selected, setSelected] = useState('');
  // Only the answer to the latest request is shown, when filters change faster than the server answers.
  const latest = useRef(0);

  const load = async (cursor: string) => {
    setError('');
    const n = ++latest.current;
    try {
      const page = await webhooksApi.deliveries({ subscriptionId: webhookId, status, eventType, cursor });
      if (n !== latest.current) return;
      setItems((old) => (cursor ? [...(old ?? []), ...page.items] : page.items));
      setNext(page.next);
    } catch (err) {
      setError(message(err));
    }
  };
  useEffect(() => {
    setItems(null);
    setNext('');
    void load('');
    // load reads the filters, which are the dependencies.
  }, [webhookId, status, eventType]);

  const filtered = status !== '' || eventType !== '';
  return (
    <section aria-labelledby="delivery-log">
      <div className="row">
        <h2 id="delivery-log">Delivery log</h2>
        <span className="spacer" />
        <button type="button" onClick={() => void load('')}>
          Refresh
        </button>
      </div>
      <div className="dlv-filters">
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as DeliveryStatus | '')}>
            {statuses.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Event
          <select value={eventType} onChange={(e) => setEventType(e.target.value)}>
            <option value="">Any event</option>
            {eventTypes.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
      </div>
      <ErrorNotice error={error} />
      {items === null && !error && <p className="muted">Loading…</p>}
      {items?.length === 0 && (
        <div className="empty">
          <h3>{filtered ? 'No delivery matches these filters' : 'No deliveries yet'}</h3>
          <p>
            {filtered
              ? 'Change the status or event to see others.'
              : 'A delivery is made each time one of its events happens on one of its business numbers.'}
          </p>
        </div>
      )}
      {items && items.length > 0 && (
        <table className="table dlv-table">
          <thead>
            <tr>
              <th>Event</th>
              <th>Number</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last answer</th>
              <th>Happened</th>
              <th>
                <span className="sr-only">Details</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} aria-selected={selected === d.id}>
                <td>
                  <code>{d.eventType}</code>
                </td>
                <td>
                  <code>{d.channel}</code>
                </td>
                <td>
                  <span className={`badge dlv-${d.status}`}>{d.status}</span>
                </td>
                <td>{d.attemptCount}</td>
                <td className="small dlv-error">
                  {d.lastStatus ? `HTTP ${d.lastStatus}` : ''}
                  {d.lastStatus && d.lastError ? ' · ' : ''}
                  {d.lastError}
                  {!d.lastStatus && !d.lastError && '—'}
                </td>
                <td className="small">{when(d.eventAt)}</td>
                <td className="actions">
                  <button type="button" aria-label={`Details of delivery ${d.id}`} onClick={() => setSelected(d.id)}>
                    Details
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => void load(next)}>
          Older deliveries
        </button>
      )}
      {selected && (
        <DeliveryDetail
          key={selected}
          deliveryId={selected}
          onChanged={(d) => setItems((old) => (old ?? []).map((x) => (x.id === d.id ? { ...x, ...d } : x)))}
        />
      )}
    </section>
  );
}
