import { useEffect, useState, type FormEvent } from 'react';
import { api, message } from '../api/client';
import type { Flow, NodeSpec } from '../api/types';
import { ConfirmDialog } from './ConfirmDialog';

interface Props {
  specs: NodeSpec[];
  navigate: (path: string) => void;
}

function triggerLabel(flow: Flow, specs: NodeSpec[]): string {
  const type = flow.trigger.type || flow.nodes.find((n) => specs.find((s) => s.type === n.type)?.kind === 'trigger')?.type;
  if (!type) return 'none';
  return specs.find((s) => s.type === type)?.label ?? type;
}

/** FlowsList lists the flows, and creates, opens and deletes them. */
export function FlowsList({ specs, navigate }: Props) {
  const [flows, setFlows] = useState<Flow[] | null>(null);
  const [error, setError] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<Flow | null>(null);

  const load = () =>
    api
      .flows()
      .then(setFlows)
      .catch((err) => setError(message(err)));
  useEffect(() => {
    void load();
  }, []);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const f = await api.createFlow({ name: name.trim() || 'Untitled flow' });
      navigate(`/flows/${f.id}`);
    } catch (err) {
      setError(message(err));
      setBusy(false);
    }
  };
  const remove = async (f: Flow) => {
    setDeleting(null);
    try {
      await api.deleteFlow(f.id);
      setFlows((fs) => fs?.filter((x) => x.id !== f.id) ?? null);
    } catch (err) {
      setError(message(err));
    }
  };

  return (
    <main className="page">
      <header className="page-head">
        <h1>Flows</h1>
      </header>
      <form className="row create-flow" onSubmit={create}>
        <label htmlFor="new-flow" className="sr-only">
          Name of the new flow
        </label>
        <input id="new-flow" placeholder="Name of a new flow, e.g. Assigned chat → CRM owner" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary" disabled={busy}>
          Create flow
        </button>
      </form>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      {flows === null && !error && <p className="muted">Loading…</p>}
      {flows?.length === 0 && (
        <div className="empty">
          <h2>No flows yet</h2>
          <p>
            A flow starts with a trigger, such as On Webhook: it gets its own URL to paste into the tool that sends the
            webhooks. Give your first flow a name above and click Create flow.
          </p>
        </div>
      )}
      {flows && flows.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Version</th>
              <th>Trigger</th>
              <th>Changed</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.map((f) => (
              <tr key={f.id}>
                <td>
                  <a
                    href={`/flows/${f.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/flows/${f.id}`);
                    }}
                  >
                    {f.name || f.id}
                  </a>
                </td>
                <td>
                  <span className={`badge status-${f.status}`}>{f.status}</span>
                </td>
                <td>{f.version || '—'}</td>
                <td>{triggerLabel(f, specs)}</td>
                <td className="muted small">{new Date(f.updatedAt).toLocaleString()}</td>
                <td className="actions">
                  <button type="button" onClick={() => navigate(`/flows/${f.id}/runs`)}>
                    Runs
                  </button>
                  <button type="button" className="danger" onClick={() => setDeleting(f)}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete “${deleting.name}”?`}
          body="The flow, its versions and its webhook URL are removed. Requests to the URL will get 404. This cannot be undone."
          confirm="Delete flow"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(null)}
        />
      )}
    </main>
  );
}
