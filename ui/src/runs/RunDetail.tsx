import { useEffect, useState } from 'react';
import { api, message } from '../api/client';
import type { Run, Step } from '../api/types';
import { JsonTree } from '../json/JsonTree';

interface Props {
  runId: string;
  navigate: (path: string) => void;
}

/** RunDetail shows one run: its trigger data and each step's status, input, output and error. */
export function RunDetail({ runId, navigate }: Props) {
  const [run, setRun] = useState<Run | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    api
      .run(runId)
      .then(setRun)
      .catch((err) => setError(message(err)));
  }, [runId]);

  if (error) {
    return (
      <main className="page">
        <p className="notice error" role="alert">
          {error}
        </p>
      </main>
    );
  }
  if (!run) return <main className="page muted">Loading…</main>;
  return (
    <main className="page">
      <header className="page-head">
        <button type="button" className="link" onClick={() => navigate(`/flows/${run.flowId}/runs`)}>
          ← Runs
        </button>
        <h1>
          Run <code>{run.id}</code>
        </h1>
        <span className={`badge run-${run.status}`}>{run.status}</span>
      </header>
      <p className="muted">
        Version {run.version} · started {new Date(run.createdAt).toLocaleString()} · {Math.round(run.durationMs)} ms
        {run.replayOf && ` · replay of ${run.replayOf}`}
      </p>
      {run.error && <p className="notice error">{run.error}</p>}
      <details open>
        <summary>Trigger data</summary>
        <JsonTree value={run.trigger ?? null} openDepth={1} />
      </details>
      <h2>Steps</h2>
      {(run.steps ?? []).length === 0 && <p className="muted">No step has run yet.</p>}
      <ol className="steps">
        {(run.steps ?? []).map((s) => (
          <StepView key={s.nodeId} step={s} />
        ))}
      </ol>
    </main>
  );
}

function StepView({ step }: { step: Step }) {
  return (
    <li className={`run-step run-${step.status}`}>
      <div className="row">
        <strong>{step.nodeId}</strong>
        <span className="muted small">{step.type}</span>
        <span className={`badge run-${step.status}`}>{step.status}</span>
        {step.port && <span className="small">continued by “{step.port}”</span>}
        <span className="spacer" />
        <span className="muted small">
          {step.attempts > 1 ? `${step.attempts} attempts · ` : ''}
          {Math.round(step.durationMs)} ms
        </span>
      </div>
      {step.reason && <p className="muted small">Skipped: {step.reason}</p>}
      {step.error && <p className="notice error">{step.error}</p>}
      {step.input !== undefined && step.input !== null && (
        <details>
          <summary>Input</summary>
          <JsonTree value={step.input} openDepth={1} />
        </details>
      )}
      {step.output !== undefined && step.output !== null && (
        <details>
          <summary>Output</summary>
          <JsonTree value={step.output} openDepth={1} />
        </details>
      )}
    </li>
  );
}
