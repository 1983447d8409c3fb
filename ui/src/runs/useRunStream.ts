import { useEffect, useRef, useState } from 'react';
import type { Run } from '../api/types';
import { runsApi } from './api';

/** StreamState is how the live view stands: off, connecting, live, or connecting again after a break. */
export type StreamState = 'off' | 'connecting' | 'live' | 'reconnecting' | 'stopped';

/**
 * useRunStream follows run id over its SSE stream while follow is set,
 * passing each state of the run to onRun. The stream ends by itself once
 * the run has finished; EventSource connects again after a break.
 */
export function useRunStream(id: string, follow: boolean, onRun: (r: Run) => void): StreamState {
  const [state, setState] = useState<StreamState>('off');
  const handler = useRef(onRun);
  handler.current = onRun;

  useEffect(() => {
    if (!follow) {
      setState('off');
      return;
    }
    setState('connecting');
    const es = new EventSource(runsApi.streamUrl(id));
    es.onopen = () => setState('live');
    es.addEventListener('run', (e) => {
      try {
        handler.current(JSON.parse((e as MessageEvent<string>).data) as Run);
        setState('live');
      } catch {
        // A broken event: the next one carries the whole run again.
      }
    });
    es.addEventListener('end', () => {
      es.close();
      setState('off');
    });
    es.onerror = () => setState(es.readyState === EventSource.CLOSED ? 'stopped' : 'reconnecting');
    return () => es.close();
  }, [id, follow]);

  return state;
}
