import { useEffect, useRef, useState } from 'react';
import { ApiError, message } from '../api/client';
import type { InboxEntry } from '../api/types';
import { capture } from './api';

/** How long one Capture Response call waits, in seconds. */
export const captureWait = 60;

export type CaptureState =
  | { phase: 'idle' }
  | { phase: 'waiting'; elapsed: number }
  | { phase: 'captured'; entry: InboxEntry }
  | { phase: 'timeout' }
  | { phase: 'error'; message: string };

/** useCapture runs Capture Response for one trigger: start, a ticking timer, cancel. */
export function useCapture(flowId: string, nodeId: string) {
  const [state, setState] = useState<CaptureState>({ phase: 'idle' });
  const abort = useRef<AbortController | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const stop = () => {
    abort.current?.abort();
    abort.current = null;
    window.clearInterval(timer.current);
  };
  useEffect(() => stop, [flowId, nodeId]);

  const start = async (before?: () => Promise<void>) => {
    stop();
    const ctl = new AbortController();
    abort.current = ctl;
    const began = Date.now();
    setState({ phase: 'waiting', elapsed: 0 });
    timer.current = window.setInterval(() => {
      setState((s) => (s.phase === 'waiting' ? { phase: 'waiting', elapsed: Math.floor((Date.now() - began) / 1000) } : s));
    }, 1000);
    try {
      if (before) await before();
      const entry = await capture(flowId, nodeId, captureWait, ctl.signal);
      setState(entry ? { phase: 'captured', entry } : { phase: 'timeout' });
    } catch (err) {
      if (ctl.signal.aborted) return;
      if (err instanceof ApiError && err.status === 404) {
        setState({
          phase: 'error',
          message: `Capture Response is not available for this step: ${err.message} Save the flow, and check that this hookflow has the capture feature.`,
        });
      } else {
        setState({ phase: 'error', message: message(err) });
      }
    } finally {
      if (abort.current === ctl) {
        abort.current = null;
        window.clearInterval(timer.current);
      }
    }
  };

  const cancel = () => {
    stop();
    setState({ phase: 'idle' });
  };

  return { state, start, cancel };
}
