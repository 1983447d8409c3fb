import { useEffect, useState } from 'react';
import { message } from '../api/client';
import { JsonTree } from '../json/JsonTree';
import type { Delivery, DeliveryAttempt } from './api';
import { webhooksApi } from './api';
import { when } from './format';
import { ErrorNotice, StatusNotice } from '../pages/Notice';
import './webhooks.css';

interface Props {
  deliveryId: string;
  /** Called with the delivery after a redelivery, so the log can show its new status. */
  onChanged?: (d: Delivery) => void;
}

/** DeliveryDetail is one delivery: its event data and every attempt, with a way to send it again. */
export function DeliveryDetail({ deliveryId, onChanged }: Props) {
  const [delivery, setDelivery] = useState<Delivery | null>(null);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      setDelivery(await webhooksApi.delivery(deliveryId));
    } catch (err) {
      setError(message(err));
    }
  };
  useEffect(() => {
    void load();
    // load only reads deliveryId.
  }, [deliveryId]);

  const redeliver = async () => {
    setBusy(true);
    setError('');
    try {
      const d = await webhooksApi.redeliver(deliveryId);
      setDelivery((old) => ({ ...d, data: old?.data, attempts: old?.attempts }));
      setNote('Sent again: a new round of attempts has started. Refresh to see them.');
      onChanged?.(d);
    } catch (err) {
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="dlv-detail" aria-label={`Delivery ${deliveryId}`}>
      <div className="row">
        <h3>
          Delivery <code>{deliveryId}</code>
        </h3>
        {delivery && <span className={`badge dlv-${delivery.status}`}>{delivery.status}</span>}
        <span className="spacer" />
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
        <button type="button" className="primary" disabled={busy || !delivery} onClick={() => void redeliver()}>
          Redeliver
        </button>
      </div>
      <ErrorNotice error={error} />
      <StatusNotice text={note} />
      {!delivery && !error && <p className="muted">Loading…</p>}
      {delivery && (
        <>
          <dl className="wh-facts">
            <dt>Event</dt>
            <dd>
              <code>{delivery.eventType}</code> on <code>{delivery.channel}</code> at {when(delivery.eventAt)}
            </dd>
            <dt>Event id</dt>
            <dd>
              <code>{delivery.eventId}</code>
            </dd>
            {delivery.nextAttemptAt && delivery.status === 'pending' && (
              <>
                <dt>Next attempt</dt>
                <dd>{when(delivery.nextAttemptAt)}</dd>
              </>
            )}
            {delivery.finishedAt && (
              <>
                <dt>Finished</dt>
                <dd>{when(delivery.finishedAt)}</dd>
              </>
            )}
          </dl>
          <details open>
            <summary>Event data</summary>
            <JsonTree value={delivery.data ?? null} openDepth={1} />
          </details>
          <h4>
            Attempts ({delivery.attemptCount}
            {delivery.attemptCount > (delivery.attempts?.length ?? 0) && `, the last ${delivery.attempts?.length ?? 0} kept`})
          </h4>
          {(delivery.attempts ?? []).length === 0 ? (
            <p className="muted">No attempt has been made yet.</p>
          ) : (
            <ol className="dlv-attempts">
              {[...(delivery.attempts ?? [])].reverse().map((a, i) => (
                <Attempt key={`${a.at}-${i}`} attempt={a} number={Math.max(delivery.attemptCount, delivery.attempts?.length ?? 0) - i} />
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

function ok(a: DeliveryAttempt): boolean {
  return a.status >= 200 && a.status < 300 && !a.error;
}

/** Attempt is one try: the request as sent (secrets redacted by the server), the answer and how long it took. */
export function Attempt({ attempt: a, number }: { attempt: DeliveryAttempt; number: number }) {
  const headers = Object.entries(a.requestHeaders ?? {}).sort(([x], [y]) => x.localeCompare(y));
  return (
    <li className={ok(a) ? 'dlv-attempt' : 'dlv-attempt failed'} aria-label={`Attempt ${number}`}>
      <div className="dlv-attempt-head">
        <strong>Attempt {number}</strong>
        <span className={`badge ${ok(a) ? 'dlv-succeeded' : 'dlv-failed'}`}>
          {a.status === 0 ? (a.timeout ? 'timed out' : 'no answer') : `HTTP ${a.status}`}
        </span>
        <span className="small">{a.latencyMs} ms</span>
        <span className="small muted">{when(a.at)}</span>
      </div>
      <div className="small">
        <span className="badge">{a.method}</span> <span className="wh-url">{a.url}</span>
      </div>
      {a.error && <p className="notice error small">{a.error}</p>}
      <details>
        <summary>Request headers ({headers.length})</summary>
        <table className="dlv-headers">
          <tbody>
            {headers.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td className="mono">{v}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <details open={!ok(a) && !!a.response}>
        <summary>Answer body{a.truncated ? ' (first 64 KB)' : ''}</summary>
        {a.response ? <pre className="dlv-response">{a.response}</pre> : <p className="muted small">The answer had no body.</p>}
      </details>
    </li>
  );
}
