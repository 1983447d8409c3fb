import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { api, message } from '../api/client';
import type { Flow, NodeSpec } from '../api/types';
import { startOfToday, statsApi, type FlowSummary } from '../overview/api';
import { localInput, noFilters, runsPath } from '../runs/filters';
import { InAppLink } from './InAppLink';
import { ConfirmDialog } from './ConfirmDialog';
import { exampleInput } from './example';
import { download, duplicateInput, flowFileName, flowFileText, FlowFileError, readFlowFile } from './flowFile';
import './flows-list.css';
import { ErrorNotice, StatusNotice } from './Notice';

interface Props {
  specs: NodeSpec[];
  navigate: (path: string) => void;
}

function triggerLabel(flow: Flow, specs: NodeSpec[]): string {
  const type = flow.trigger.type || flow.nodes.find((n) => specs.find((s) => s.type === n.type)?.kind === 'trigger')?.type;
  if (!type) return 'none';
  return specs.find((s) => s.type === type)?.label ?? type;
}

/** ago writes how long before now t was, in the largest whole unit. */
export function ago(t: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - new Date(t).getTime()) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  const d = Math.floor(s / 86_400);
  return d === 1 ? 'yesterday' : `${d} days ago`;
}

/** FlowsList lists the flows with how they ran today, and creates, duplicates, exports, imports, opens and deletes them. */
export function FlowsList({ specs, navigate }: Props) {
  const [flows, setFlows] = useState<Flow[] | null>(null);
  const [summary, setSummary] = useState<Map<string, FlowSummary> | null>(null);
  const [summaryError, setSummaryError] = useState('');
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [deleting, setDeleting] = useState<Flow | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const loadSummary = () =>
    statsApi
      .summary()
      .then((items) => {
        setSummary(new Map(items.map((s) => [s.flowId, s])));
        setSummaryError('');
      })
      .catch((err) => setSummaryError(message(err)));
  const load = () =>
    api
      .flows()
      .then(setFlows)
      .catch((err) => setError(message(err)));
  useEffect(() => {
    void load();
    void loadSummary();
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
  /** added puts a new flow at the top of the list, as the server lists it. */
  const added = (f: Flow, what: string) => {
    setFlows((fs) => [f, ...(fs ?? [])]);
    setNotice(`${what} “${f.name}”. It is a draft: open it to check and publish it.`);
  };
  const duplicate = async (f: Flow) => {
    setError('');
    setNotice('');
    try {
      added(await api.createFlow(duplicateInput(f)), 'Created');
    } catch (err) {
      setError(`“${f.name}” could not be duplicated: ${message(err)}`);
    }
  };
  const importFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = ''; // choosing the same file again imports it again
    if (!file) return;
    setError('');
    setNotice('');
    try {
      const input = await readFlowFile(file);
      added(await api.createFlow(input), `Imported “${file.name}” as`);
    } catch (err) {
      setError(err instanceof FlowFileError ? err.message : `“${file.name}” could not be imported: ${message(err)}`);
    }
  };
  const openExample = async () => {
    setError('');
    try {
      const f = await api.createFlow(exampleInput());
      navigate(`/flows/${f.id}`);
    } catch (err) {
      setError(`The example could not be created: ${message(err)}`);
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
    <main className="page wide">
      <header className="page-head">
        <h1>Flows</h1>
        <span className="spacer" />
        <button type="button" onClick={() => fileInput.current?.click()}>
          Import flow…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          className="sr-only"
          aria-label="Flow file to import"
          tabIndex={-1}
          onChange={(e) => void importFile(e)}
        />
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
      <ErrorNotice error={error} />
      <StatusNotice text={notice} />
      {summaryError && flows && flows.length > 0 && (
        <p className="notice small">
          How the flows ran today is not available: {summaryError}{' '}
          <button type="button" className="link" onClick={() => void loadSummary()}>
            Try again
          </button>
        </p>
      )}
      {flows === null && !error && <p className="muted">Loading…</p>}
      {flows?.length === 0 && (
        <div className="empty">
          <h2>No flows yet</h2>
          <p>
            A flow starts with a trigger, such as On Webhook: it gets its own URL to paste into the tool that sends the
            webhooks. Give your first flow a name above and click Create flow, or import a flow file.
          </p>
          <p>
            <button type="button" onClick={() => void openExample()}>
              Open an example flow
            </button>
          </p>
          <p className="muted small">
            It names the customer number, agent and business number of a chat-assigned event, checks the number and answers
            with them.
          </p>
        </div>
      )}
      {flows && flows.length > 0 && (
        <table className="table flows-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Version</th>
              <th>Trigger</th>
              <th>Last run</th>
              <th className="num">Runs today</th>
              <th className="num">Errors today</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.map((f) => (
              <FlowRow
                key={f.id}
                flow={f}
                trigger={triggerLabel(f, specs)}
                summary={summary === null ? undefined : (summary.get(f.id) ?? null)}
                navigate={navigate}
                onDuplicate={() => void duplicate(f)}
                onExport={() => download(flowFileName(f), flowFileText(f))}
                onDelete={() => setDeleting(f)}
              />
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

interface RowProps {
  flow: Flow;
  trigger: string;
  /** summary is undefined while it loads, null for a flow created since. */
  summary: FlowSummary | null | undefined;
  navigate: (path: string) => void;
  onDuplicate: () => void;
  onExport: () => void;
  onDelete: () => void;
}

function FlowRow({ flow: f, trigger, summary, navigate, onDuplicate, onExport, onDelete }: RowProps) {
  const name = f.name || f.id;
  const unknown = summary === undefined ? '…' : '—';
  return (
    <tr>
      <td className="flow-name-cell">
        <a
          href={`/flows/${f.id}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/flows/${f.id}`);
          }}
        >
          {name}
        </a>
        <span className="muted small changed">changed {new Date(f.updatedAt).toLocaleString()}</span>
      </td>
      <td>
        <span className={`badge status-${f.status}`}>{f.status}</span>
      </td>
      <td>{f.version || '—'}</td>
      <td>{trigger}</td>
      <td className="last-run">
        {summary?.lastRunAt ? (
          <span title={new Date(summary.lastRunAt).toLocaleString()}>
            <span className={`badge run-${summary.lastStatus}`}>{summary.lastStatus}</span> <span className="small">{ago(summary.lastRunAt)}</span>
          </span>
        ) : (
          <span className="muted">{summary ? 'never' : unknown}</span>
        )}
      </td>
      <td className="num">{summary ? summary.runsToday : unknown}</td>
      <td className={summary?.errorsToday ? 'num errors' : 'num'}>
        {summary?.errorsToday ? (
          <InAppLink to={failedToday(f.id)} navigate={navigate} aria-label={`${summary.errorsToday} failed run(s) of ${name} today`}>
            {summary.errorsToday}
          </InAppLink>
        ) : summary ? (
          0
        ) : (
          unknown
        )}
      </td>
      <td className="actions">
        <button type="button" onClick={() => navigate(`/flows/${f.id}/runs`)} aria-label={`Runs of ${name}`}>
          Runs
        </button>
        <button type="button" onClick={onDuplicate} aria-label={`Duplicate ${name}`}>
          Duplicate
        </button>
        <button type="button" onClick={onExport} aria-label={`Export ${name}`}>
          Export
        </button>
        <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${name}`}>
          Delete
        </button>
      </td>
    </tr>
  );
}

/** failedToday is the address of a flow's failed runs since the start of the day, which "Errors today" counts. */
export function failedToday(flowId: string, now = new Date()): string {
  return runsPath({ ...noFilters, flowId, status: 'failed', range: 'custom', from: localInput(startOfToday(now)) });
}
