// The run history's calls to the server.
import { must, request } from '../api/client';
import type { components } from '../api/schema';
import type { Flow, Run } from '../api/types';

export type FlowVersion = components['schemas']['Version'];

const enc = encodeURIComponent;

export interface ReplayOptions {
  version: 'original' | 'latest';
  /** Run from this node, with the steps before it copied (original version only). */
  fromNode?: string;
}

export const runsApi = {
  list: (query: URLSearchParams, signal?: AbortSignal) =>
    must(request<{ items: Run[]; next: string }>('GET', `/api/runs?${query.toString()}`, { signal })),
  run: (id: string) => must(request<Run>('GET', `/api/runs/${enc(id)}`)),
  flows: async () => (await must(request<{ items: Flow[] }>('GET', '/api/flows'))).items,
  version: (flowId: string, n: number) => must(request<FlowVersion>('GET', `/api/flows/${enc(flowId)}/versions/${n}`)),
  replay: (id: string, opts: ReplayOptions) =>
    must(request<Run>('POST', `/api/runs/${enc(id)}/replay`, { body: { version: opts.version, fromNode: opts.fromNode ?? '' } })),
  resume: (id: string) => must(request<Run>('POST', `/api/runs/${enc(id)}/resume`)),
  cancel: (id: string) => must(request<Run>('POST', `/api/runs/${enc(id)}/cancel`)),
  /** streamUrl is the SSE stream of a run's changes. */
  streamUrl: (id: string) => `/api/runs/${enc(id)}/stream`,
};

/** finished reports whether a run will not change any more. */
export function finished(r: Pick<Run, 'status'>): boolean {
  return r.status === 'succeeded' || r.status === 'failed' || r.status === 'canceled';
}
