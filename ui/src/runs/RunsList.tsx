import { useEffect, useState } from 'react';
import { api, message } from '../api/client';
import type { Run } from '../api/types';

interface Props {
  /** Only this flow's runs; all flows' without it. */
  flowId?: string;
  navigate: (path: string) => void;
}

/** RunsList is a flow's run history, newest first, a page at a time. */
export function RunsList({ flowId, navigate }: Props) {
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [next, setNext] = useState('');
  const [error, setError] = useState('');

  const load = async (cursor: string) => {
    try {
      const page = await api.runs(flowId ?? '', cursor);
      setRuns((rs) => (cursor ? [...(rs ?? []), ...page.items] : page.items));
      setNext(page.next);
    } catch (err) {
      setError(message(err));
    }
  };
  useEffect(() => {
    void load('');
    // load is recreated each render; flowId is what matters.
  }, [flowId]);

  return (
    <main className="page">
      <header className="page-head">
        {flowId && (
          <button type="button" className="link" onClick={() => navigate(`/flows/${flowId}`)}>
            ← Editor
          </button>
        )}
        <h1>Runs</h1>
        <span className="spacer" />
        <button type="button" onClick={() => void load('')}>
          Refresh
        </button>
      </header>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {runs === null && !error && <p className="muted">Loading…</p>}
      {runs?.length === 0 && (
        <div className="empty">
          <h2>No runs yet</h2>
          <p>A run starts each time the published, active flow is triggered. Send a request to the flow's URL to see one here.</p>
        </div>
      )}
      {runs && runs.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Run</th>
              <th>Status</th>
              <th>Version</th>
              <th>Started</th>
              <th>Took</th>
              <th>Fields</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id}>
                <td>
                  <a
                    href={`/runs/${r.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/runs/${r.id}`);
                    }}
                  >
                    <code>{r.id}</code>
                  </a>
                </td>
                <td>
                  <span className={`badge run-${r.status}`}>{r.status}</span>
                </td>
                <td>{r.version}</td>
                <td className="small">{new Date(r.createdAt).toLocaleString()}</td>
                <td className="small">{Math.round(r.durationMs)} ms</td>
                <td className="small">
                  {Object.entries(r.fields ?? {})
                    .map(([k, v]) => `${k}: ${v}`)
                    .join(', ')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {next && (
        <button type="button" onClick={() => void load(next)}>
          Older runs
        </button>
      )}
    </main>
  );
}
