import type { FlowNode, Step } from '../api/types';
import { JsonTree } from '../json/JsonTree';
import { ErrorNotice } from '../pages/Notice';

interface Props {
  nodeId: string;
  /** The step's name as the run's step list shows it. */
  label: string;
  /** The node in the flow version, if it has it. */
  node?: FlowNode;
  step?: Step;
  /** Offered when the run can be replayed from this node. */
  onReplayFrom?: () => void;
}

/** StepDetail shows what one node did in a run: status, input, output, error, attempts and duration. */
export function StepDetail({ nodeId, label, node, step, onReplayFrom }: Props) {
  return (
    <section className="run-step-detail" aria-labelledby="step-detail-title">
      <div className="row">
        <h2 id="step-detail-title" className="ellipsis">
          {label}
        </h2>
        <span className="spacer" />
        <span className={`badge run-${step?.status ?? 'none'}`}>{step?.status ?? 'not run'}</span>
      </div>
      <p className="muted small">
        {node?.type ?? step?.type} · <code>{nodeId}</code>
      </p>
      {!step && <p className="muted">This step has not run in this run.</p>}
      {step && (
        <>
          <dl className="run-facts">
            <dt>Started</dt>
            <dd>{new Date(step.startedAt).toLocaleString()}</dd>
            <dt>Took</dt>
            <dd>{formatMs(step.durationMs)}</dd>
            <dt>Attempts</dt>
            <dd>{step.attempts}</dd>
            {step.port && (
              <>
                <dt>Continued by</dt>
                <dd>{step.port}</dd>
              </>
            )}
          </dl>
          {step.reason && <p className="muted">Skipped: {step.reason}</p>}
          <ErrorNotice error={step.error} />
          {step.missing && step.missing.length > 0 && (
            <p className="notice">These paths held nothing and were taken as empty: {step.missing.join(', ')}</p>
          )}
          <JsonSection title="Input" value={step.input} />
          <JsonSection title="Output" value={step.output} />
        </>
      )}
      {onReplayFrom && (
        <button type="button" onClick={onReplayFrom}>
          Replay from this step…
        </button>
      )}
    </section>
  );
}

function JsonSection({ title, value }: { title: string; value: unknown }) {
  if (value === undefined || value === null) return null;
  return (
    <details open>
      <summary>{title}</summary>
      <JsonTree value={value} openDepth={2} />
    </details>
  );
}

/** formatMs shows a duration in ms, s or min. */
export function formatMs(ms: number): string {
  if (ms < 1) return '< 1 ms';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
