import { useState } from 'react';
import { ApiError, message } from '../api/client';
import type { Problem, Sample, Step } from '../api/types';
import { usePick } from '../forms/PickContext';
import { JsonTree } from '../json/JsonTree';
import { testStep } from './api';
import { useEditorInfo } from './EditorContext';

interface Props {
  flowId: string;
  nodeId: string;
  /** The node's sample: the output of its last successful test. */
  sample: Sample | undefined;
  /** Saves unsaved changes, since the server tests the saved draft; throws when it could not. */
  beforeTest: () => Promise<void>;
  /** Called after a test, whose output may be the node's new sample. */
  onTested: (step: Step) => void;
  /** Called with the problems that kept the step from being tested, to pin them on the canvas. */
  onProblems?: (problems: Problem[]) => void;
}

/** duration says how long something took, in ms below a second. */
export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** sentence makes an error string read as a sentence. */
function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  return t[0]!.toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.');
}

const statusWords: Record<Step['status'], string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  skipped: 'Skipped',
  waiting: 'Waiting',
};

/**
 * TestStep runs the node alone against the data of the steps before it
 * (their samples) and shows what it gave: its output, which becomes its
 * sample for the steps after it, or its error, and how long it took.
 */
export function TestStep({ flowId, nodeId, sample, beforeTest, onTested, onProblems }: Props) {
  const { place } = useEditorInfo();
  const [busy, setBusy] = useState(false);
  const [step, setStep] = useState<Step | null>(null);
  const [error, setError] = useState<{ text: string; problems: Problem[] } | null>(null);
  const { target } = usePick();
  const pick = target ? (path: string) => target.apply(path) : undefined;

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await beforeTest();
      const st = await testStep(flowId, nodeId);
      setStep(st);
      onTested(st);
    } catch (err) {
      setStep(null);
      const problems = err instanceof ApiError ? err.problems : [];
      setError({ text: message(err), problems });
      if (problems.length) onProblems?.(problems);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="test-step" aria-label="Test step">
      <div className="row">
        <button type="button" onClick={() => void run()} disabled={busy}>
          Test step
        </button>
        {busy && (
          <span className="muted small" role="status">
            Testing…
          </span>
        )}
      </div>
      <p className="field-help">
        Runs this step alone, on the data captured or tested for the steps before it. Its output becomes data the steps
        after it can use.
      </p>
      {error && (
        <div className="notice error" role="alert">
          The test did not run: {error.text}
          {error.problems.length > 0 && (
            <ul>
              {error.problems.map((p) => (
                <li key={`${p.nodeId}/${p.field}/${p.message}`}>
                  {p.nodeId && `${place ? place(p) : p.nodeId}: `}
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {step && <StepResult nodeId={nodeId} step={step} onPick={pick} />}
      {!step && !error && sample && (
        <div className="test-output">
          <h4>Last output</h4>
          <p className="muted small">
            From {sample.source === 'test' ? 'a test' : 'a sample'} on {new Date(sample.updatedAt).toLocaleString()}.
          </p>
          <JsonTree value={sample.data} rootPath={`nodes.${nodeId}`} onPick={pick} openDepth={2} />
        </div>
      )}
    </section>
  );
}

function StepResult({ nodeId, step, onPick }: { nodeId: string; step: Step; onPick?: (path: string) => void }) {
  return (
    <div className={`test-output test-${step.status}`}>
      <p className="row">
        <span className={`badge run-${step.status}`}>{statusWords[step.status]}</span>
        <span className="muted small">took {duration(step.durationMs)}</span>
        {step.port && step.port !== 'out' && (
          <span className="muted small">
            continues on <strong>{step.port}</strong>
          </span>
        )}
      </p>
      {step.status === 'failed' && (
        <p className="notice error" role="alert">
          The step failed: {sentence(step.error ?? 'it gave no reason')}
        </p>
      )}
      {step.status === 'skipped' && <p className="notice">Skipped: {sentence(step.reason ?? 'no reason given')}</p>}
      {step.output !== undefined && step.output !== null ? (
        <>
          <h4>Output</h4>
          <JsonTree value={step.output} rootPath={`nodes.${nodeId}`} onPick={onPick} openDepth={2} />
        </>
      ) : (
        step.status === 'succeeded' && <p className="muted small">The step gave no output.</p>
      )}
    </div>
  );
}
