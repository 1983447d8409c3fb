import { useCallback, useEffect, useMemo, useState } from 'react';
import { message } from '../api/client';
import type { NodeSpec, Run } from '../api/types';
import { JsonTree } from '../json/JsonTree';
import { ConfirmDialog } from '../pages/ConfirmDialog';
import { finished, runsApi, type FlowVersion, type ReplayOptions } from './api';
import { ReplayDialog } from './ReplayDialog';
import { RunCanvas } from './RunCanvas';
import { formatMs, StepDetail } from './StepDetail';
import { useRunStream, type StreamState } from './useRunStream';
import { ErrorNotice } from '../pages/Notice';
import './runs.css';

interface Props {
  runId: string;
  specs: NodeSpec[];
  navigate: (path: string) => void;
}

type Dialog = { kind: 'replay'; fromNode: string } | { kind: 'resume' } | { kind: 'cancel' } | null;

/**
 * RunDetail shows one run: the flow version it used with the path it took,
 * each step's data, the trigger data, and Replay, Resume and Cancel. An
 * unfinished run updates live.
 */
export function RunDetail({ runId, specs, navigate }: Props) {
  const specMap = useMemo(() => new Map(specs.map((s) => [s.type, s])), [specs]);
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState('');
  const [version, setVersion] = useState<FlowVersion | null>(null);
  const [versionError, setVersionError] = useState('');
  const [selected, setSelected] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState('');

  useEffect(() => {
    let live = true;
    runsApi
      .run(runId)
      .then((r) => live && setRun(r))
      .catch((err) => live && setError(message(err)));
    return () => {
      live = false;
    };
  }, [runId]);

  const flowId = run?.flowId ?? '';
  const versionN = run?.version ?? 0;
  useEffect(() => {
    if (!flowId || !versionN) return;
    let live = true;
    runsApi
      .version(flowId, versionN)
      .then((v) => live && setVersion(v))
      .catch((err) => live && setVersionError(message(err)));
    return () => {
      live = false;
    };
  }, [flowId, versionN]);

  const onStreamed = useCallback((r: Run) => setRun(r), []);
  const stream = useRunStream(runId, run !== null && !finished(run), onStreamed);

  if (error) {
    return (
      <main className="page">
        <p className="notice error" role="alert">
          {error}
        </p>
        <button type="button" onClick={() => navigate('/runs')}>
          All runs
        </button>
      </main>
    );
  }
  if (!run) return <main className="page muted">Loading the run…</main>;

  const steps = run.steps ?? [];
  const failedStep = steps.find((s) => s.status === 'failed');
  const current = selected || failedStep?.nodeId || steps[0]?.nodeId || '';
  const nodeOf = (id: string) => version?.nodes.find((n) => n.id === id);
  const labelOf = (id: string) => {
    const n = nodeOf(id);
    return n?.name || (n && specMap.get(n.type)?.label) || id;
  };

  const act = async (call: () => Promise<Run>) => {
    setBusy(true);
    setActionError('');
    try {
      const r = await call();
      setDialog(null);
      if (r.id === run.id) setRun(r);
      else navigate(`/runs/${r.id}`);
    } catch (err) {
      setDialog(null);
      setActionError(message(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="page run-detail">
      <header className="page-head">
        <button type="button" className="link" onClick={() => navigate(`/flows/${run.flowId}/runs`)}>
          ← Runs of this flow
        </button>
        <h1 className="ellipsis">
          Run <code>{run.id}</code>
        </h1>
        <span className={`badge run-${run.status}`}>{run.status}</span>
        <LiveIndicator state={stream} />
        <span className="spacer" />
        <button type="button" onClick={() => setDialog({ kind: 'replay', fromNode: '' })}>
          Replay…
        </button>
        {run.status === 'failed' && (
          <button type="button" onClick={() => setDialog({ kind: 'resume' })}>
            Resume…
          </button>
        )}
        {!finished(run) && (
          <button type="button" className="danger" onClick={() => setDialog({ kind: 'cancel' })}>
            Cancel run…
          </button>
        )}
      </header>
      <p className="muted run-meta">
        <a
          href={`/flows/${run.flowId}`}
          onClick={(e) => {
            e.preventDefault();
            navigate(`/flows/${run.flowId}`);
          }}
        >
          {version?.name || run.flowId}
        </a>{' '}
        · version {run.version} · created {new Date(run.createdAt).toLocaleString()}
        {finished(run) && ` · took ${formatMs(run.durationMs)}`}
        {run.attempt > 1 && ` · started ${run.attempt} times`}
        {run.status === 'waiting' && run.wakeAt && ` · continues at ${new Date(run.wakeAt).toLocaleString()}`}
        {run.replayOf && (
          <>
            {' · replay of '}
            <a
              href={`/runs/${run.replayOf}`}
              onClick={(e) => {
                e.preventDefault();
                navigate(`/runs/${run.replayOf}`);
              }}
            >
              <code>{run.replayOf}</code>
            </a>
          </>
        )}
        {run.resumeFrom && ` · from step ${run.resumeFrom}`}
      </p>
      <ErrorNotice error={run.error} />
      <ErrorNotice error={actionError} />
      <div className="run-body">
        <div className="run-main">
          {version ? (
            <RunCanvas
              version={version}
              steps={steps}
              specs={specMap}
              running={!finished(run)}
              selected={current}
              onSelect={setSelected}
            />
          ) : (
            <p className="notice">
              {versionError
                ? `The flow version this run used cannot be shown: ${versionError}`
                : 'Loading the flow version this run used…'}
            </p>
          )}
          <h2>Steps</h2>
          {steps.length === 0 && <p className="muted">No step has run yet.</p>}
          <ol className="run-steps" aria-label="Steps">
            {steps.map((s) => (
              <li key={s.nodeId}>
                <button
                  type="button"
                  className={`run-step-row${s.nodeId === current ? ' selected' : ''}`}
                  aria-pressed={s.nodeId === current}
                  onClick={() => setSelected(s.nodeId)}
                >
                  <span className={`badge run-${s.status}`}>{s.status}</span>
                  <span className="ellipsis">{labelOf(s.nodeId)}</span>
                  <span className="muted small">{s.type}</span>
                  <span className="spacer" />
                  <span className="muted small">{formatMs(s.durationMs)}</span>
                </button>
              </li>
            ))}
          </ol>
          <details>
            <summary>Trigger data</summary>
            <JsonTree value={run.trigger ?? null} openDepth={2} />
          </details>
          {run.fields && Object.keys(run.fields).length > 0 && (
            <dl className="run-facts">
              {Object.entries(run.fields).map(([k, v]) => (
                <div key={k} className="contents">
                  <dt>{k}</dt>
                  <dd>{v}</dd>
                </div>
              ))}
            </dl>
          )}
        </div>
        <aside className="run-side" aria-label="Step details">
          {current ? (
            <StepDetail
              nodeId={current}
              label={labelOf(current)}
              node={nodeOf(current)}
              step={steps.find((s) => s.nodeId === current)}
              onReplayFrom={
                steps.some((s) => s.nodeId === current) ? () => setDialog({ kind: 'replay', fromNode: current }) : undefined
              }
            />
          ) : (
            <p className="muted">Click a step on the canvas or in the list to see its data.</p>
          )}
        </aside>
      </div>
      {dialog?.kind === 'replay' && (
        <ReplayDialog
          nodes={steps.map((s) => ({ id: s.nodeId, label: `${labelOf(s.nodeId)} (${s.nodeId})` }))}
          fromNode={dialog.fromNode}
          busy={busy}
          onReplay={(opts: ReplayOptions) => void act(() => runsApi.replay(run.id, opts))}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'resume' && (
        <ConfirmDialog
          title="Resume this run?"
          body={`It runs again from the failed step ${failedStep ? labelOf(failedStep.nodeId) : ''}; the steps before it keep the outputs they recorded.`}
          confirm="Resume"
          onConfirm={() => void act(() => runsApi.resume(run.id))}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'cancel' && (
        <ConfirmDialog
          title="Cancel this run?"
          body="It stops before its next step. Steps that already ran are not undone."
          confirm="Cancel run"
          onConfirm={() => void act(() => runsApi.cancel(run.id))}
          onCancel={() => setDialog(null)}
        />
      )}
    </main>
  );
}

function LiveIndicator({ state }: { state: StreamState }) {
  const text: Record<StreamState, string> = {
    off: '',
    connecting: 'Connecting…',
    live: 'Live',
    reconnecting: 'Connection lost, trying again…',
    stopped: 'Live updates stopped; reload the page to see changes',
  };
  if (state === 'off') return null;
  return (
    <span className={`live-indicator live-${state}`} role="status">
      {state === 'live' && <span className="live-dot" aria-hidden="true" />}
      {text[state]}
    </span>
  );
}
