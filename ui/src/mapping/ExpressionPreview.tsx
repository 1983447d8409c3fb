import { useEffect, useState } from 'react';
import { ApiError, message } from '../api/client';
import type { Config } from '../api/types';
import { previewStep } from './api';
import type { Graph } from './context';
import { useMapping } from './MappingContext';
import './mapping.css';

/** debounceMs is how long typing must pause before the server is asked. */
export const debounceMs = 500;

/** plainExprError says what an expr compile error means, in words a flow author reads. */
export function plainExprError(raw: string): { text: string; detail?: string } {
  const [first = '', ...rest] = raw.split('\n');
  const detail = rest.filter((l) => l.trim() !== '').join('\n') || undefined;
  const msg = first.replace(/^(rule \d+: )?(expression: )?(expression does not compile: )?/, '');
  let m: RegExpExecArray | null;
  if (/expression is empty/.test(msg)) return { text: 'Write an expression: it is empty.' };
  if ((m = /expression is longer than (\d+) characters/.exec(msg))) {
    return { text: `The expression is too long: keep it under ${m[1]} characters.` };
  }
  if (/unexpected token EOF/.test(msg)) {
    return { text: 'The expression stops too early: something is missing at its end (a value after an operator, or a closing bracket).', detail };
  }
  if ((m = /unexpected token \w+\("(.*?)"\) \((\d+):(\d+)\)/.exec(msg))) {
    return { text: `“${m[1]}” near character ${m[3]} is not expected there: check the operators and brackets around it.`, detail };
  }
  if ((m = /unknown name (\S+)/.exec(msg))) {
    return { text: `“${m[1]}” is not a name hookflow knows: start paths with trigger, vars, nodes or run.`, detail };
  }
  if (/literal not terminated/.test(msg)) return { text: 'A text in quotes is not closed: add the closing quote.', detail };
  if (/expected bool/.test(msg)) return { text: 'The expression must give true or false, such as trigger.body.amount > 100.', detail };
  return { text: `The expression has a mistake: ${msg}`, detail };
}

type State =
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'result'; result: boolean }
  | { phase: 'failed'; text: string; detail?: string };

/**
 * ExpressionPreview checks an expression on the server against the samples,
 * a moment after typing stops, without keeping the result as a sample.
 */
export function ExpressionPreview({ config, expression }: { config: Config; expression: string }) {
  const m = useMapping();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const flowId = m?.flowId;
  const nodeId = m?.data.nodeId;
  // The flow as edited, with this node's config as the form has it.
  const body = m ? JSON.stringify({ ...m.graph, nodes: m.graph.nodes.map((n) => (n.id === nodeId ? { ...n, config } : n)) }) : '';
  useEffect(() => {
    if (!flowId || !nodeId || expression.trim() === '') {
      setState({ phase: 'idle' });
      return;
    }
    const abort = new AbortController();
    const timer = window.setTimeout(() => {
      setState({ phase: 'checking' });
      previewStep(flowId, nodeId, JSON.parse(body) as Graph, abort.signal)
        .then((step) => {
          const out = step.output as { result?: unknown } | undefined;
          if (step.status === 'succeeded' && typeof out?.result === 'boolean') setState({ phase: 'result', result: out.result });
          else setState({ phase: 'failed', text: `On the sample the step fails: ${step.error ?? step.status}.` });
        })
        .catch((err) => {
          if (abort.signal.aborted) return;
          const own = err instanceof ApiError ? err.problems.find((p) => p.nodeId === nodeId) : undefined;
          if (own) setState({ phase: 'failed', ...plainExprError(own.message) });
          else if (err instanceof ApiError && err.problems.length > 0) {
            setState({ phase: 'failed', text: `A step before this one has a problem, so the preview cannot run: ${err.problems[0]?.message}` });
          } else setState({ phase: 'failed', text: `The preview could not run: ${message(err)}` });
        });
    }, debounceMs);
    return () => {
      window.clearTimeout(timer);
      abort.abort();
    };
  }, [flowId, nodeId, body, expression]);
  if (!m || state.phase === 'idle') return null;
  if (state.phase === 'checking') {
    return (
      <p className="verdict verdict-unknown" role="status">
        Checking the expression against the sample…
      </p>
    );
  }
  if (state.phase === 'failed') {
    return (
      <div className="verdict verdict-false" role="status">
        <p>{state.text}</p>
        {state.detail && <pre className="expr-error">{state.detail}</pre>}
      </div>
    );
  }
  return (
    <p className={`verdict verdict-${state.result}`} role="status">
      {state.result ? 'True' : 'False'} on the sample: the run continues on the {state.result ? 'True' : 'False'} port.
    </p>
  );
}
