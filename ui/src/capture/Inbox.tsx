import { useCallback, useEffect, useState } from 'react';
import { api, message } from '../api/client';
import type { InboxEntry, Sample } from '../api/types';
import { chooseEntry } from './api';
import { ErrorNotice } from '../pages/Notice';

interface Props {
  flowId: string;
  nodeId: string;
  /** Words for one entry: "request" or "event". */
  noun: 'request' | 'event';
  /** Changes when the inbox may hold something new (after a capture). */
  reload: number;
  onChosen: (sample: Sample) => void;
}

/** size says how big an entry is: its raw body, or its data when it has none. */
export function entrySize(e: InboxEntry): string {
  const text = e.rawBody !== '' ? e.rawBody : JSON.stringify(e.data ?? null);
  const bytes = new TextEncoder().encode(text).length;
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** entryKind is an entry's method, or for an event its type. */
export function entryKind(e: InboxEntry): string {
  const d = (e.data ?? {}) as { method?: unknown; event?: { type?: unknown } };
  if (typeof d.method === 'string') return d.method;
  if (typeof d.event?.type === 'string') return d.event.type;
  return '—';
}

/**
 * Inbox lists the last requests to the trigger (or the last events it
 * takes); one click makes one of them the trigger's sample.
 */
export function Inbox({ flowId, nodeId, noun, reload, onChosen }: Props) {
  const [items, setItems] = useState<InboxEntry[] | null>(null);
  const [error, setError] = useState('');
  const [chosen, setChosen] = useState('');
  const [busy, setBusy] = useState('');

  const load = useCallback(async () => {
    setError('');
    try {
      setItems(await api.inbox(flowId, nodeId));
    } catch (err) {
      setError(`The recent ${noun}s could not be loaded: ${message(err)}`);
    }
  }, [flowId, nodeId, noun]);
  useEffect(() => {
    void load();
  }, [load, reload]);

  const choose = async (e: InboxEntry) => {
    setBusy(e.id);
    setError('');
    try {
      onChosen(await chooseEntry(flowId, nodeId, e.id));
      setChosen(e.id);
    } catch (err) {
      setError(`That ${noun} could not be made the sample: ${message(err)}`);
    } finally {
      setBusy('');
    }
  };

  return (
    <section className="inbox" aria-label={`Recent ${noun}s`}>
      <div className="row">
        <h4 className="spacer">Recent {noun}s</h4>
        <button type="button" className="link" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <ErrorNotice error={error} />
      {items === null && !error && <p className="muted small">Loading…</p>}
      {items?.length === 0 && (
        <p className="muted small">
          No {noun}s yet. The last 20 {noun}s to this trigger show here, and any of them can become the data to map from.
        </p>
      )}
      {items && items.length > 0 && (
        <ul className="inbox-list">
          {items.map((e) => {
            const when = new Date(e.receivedAt);
            const label = `${entryKind(e)} ${noun} of ${when.toLocaleString()}`;
            return (
              <li key={e.id} className={chosen === e.id ? 'chosen' : undefined}>
                <time dateTime={e.receivedAt} title={when.toLocaleString()}>
                  {when.toLocaleTimeString()}
                </time>
                <span className="badge inbox-kind">{entryKind(e)}</span>
                <span className="muted small">
                  {entrySize(e)}
                  {e.truncated ? ', cut' : ''}
                </span>
                {chosen === e.id ? (
                  <span className="small inbox-chosen" role="status">
                    Sample
                  </span>
                ) : (
                  <button
                    type="button"
                    className="link"
                    aria-label={`Use the ${label} as sample`}
                    disabled={busy !== ''}
                    onClick={() => void choose(e)}
                  >
                    {busy === e.id ? 'Using…' : 'Use as sample'}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
