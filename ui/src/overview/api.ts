// The statistics endpoints: the overview's charts and the flows list's summary.
import { must, request } from '../api/client';
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export type StatsWindow = Schemas['FlowStatsReport']['window'];
export type FlowStatsReport = Schemas['FlowStatsReport'];
export type FlowStats = Schemas['FlowStats'];
export type RunBucket = Schemas['RunBucket'];
export type WebhookStatsReport = Schemas['WebhookStatsReport'];
export type WebhookStats = Schemas['WebhookStats'];
export type DeliveryBucket = Schemas['DeliveryBucket'];
export type FlowSummary = Schemas['FlowSummary'];

const enc = encodeURIComponent;

/** startOfToday is the start of the viewer's local day. */
export function startOfToday(now = new Date()): Date {
  return new Date(now.getFullYear(), now.getMonth(), now.getDate());
}

export const statsApi = {
  flows: (window: StatsWindow, signal?: AbortSignal) =>
    must(request<FlowStatsReport>('GET', `/api/stats/flows?window=${enc(window)}`, { signal })),
  webhooks: (window: StatsWindow, signal?: AbortSignal) =>
    must(request<WebhookStatsReport>('GET', `/api/stats/webhooks?window=${enc(window)}`, { signal })),
  /** summary gives each flow's newest run and its counts since the start of the viewer's day. */
  summary: async (since: Date = startOfToday()) =>
    (await must(request<Schemas['FlowSummaryReport']>('GET', `/api/stats/summary?since=${enc(since.toISOString())}`))).items,
};
