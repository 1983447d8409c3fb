// The run list's filters, as the address's query string keeps them and as
// GET /api/runs takes them.
import type { Run } from '../api/types';

export type RunStatus = Run['status'];

export const statuses: RunStatus[] = ['queued', 'running', 'waiting', 'succeeded', 'failed', 'canceled'];

/** Range is a time window: the last hour, day or week, or custom from–to. */
export type Range = '' | '1h' | '24h' | '7d' | 'custom';

export const ranges: { value: Range; label: string }[] = [
  { value: '', label: 'Any time' },
  { value: '1h', label: 'Last hour' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: 'custom', label: 'Custom range' },
];

const rangeMs: Record<'1h' | '24h' | '7d', number> = { '1h': 3600e3, '24h': 24 * 3600e3, '7d': 7 * 24 * 3600e3 };

/** RunFilters are what the list shows. from and to are local datetime-local values ("2026-01-02T15:04"). */
export interface RunFilters {
  flowId: string;
  status: RunStatus | '';
  range: Range;
  from: string;
  to: string;
  q: string;
}

export const noFilters: RunFilters = { flowId: '', status: '', range: '', from: '', to: '', q: '' };

/** parseFilters reads the filters from a query string; unknown values are dropped. */
export function parseFilters(search: string): RunFilters {
  const p = new URLSearchParams(search);
  const status = p.get('status') ?? '';
  const range = p.get('range') ?? '';
  return {
    flowId: p.get('flowId') ?? '',
    status: (statuses as string[]).includes(status) ? (status as RunStatus) : '',
    range: ranges.some((r) => r.value === range) ? (range as Range) : '',
    from: range === 'custom' ? (p.get('from') ?? '') : '',
    to: range === 'custom' ? (p.get('to') ?? '') : '',
    q: p.get('q') ?? '',
  };
}

/** filtersToSearch writes the filters as a query string ("" or "?..."), leaving out empty ones and fixedFlow. */
export function filtersToSearch(f: RunFilters, fixedFlow = ''): string {
  const p = new URLSearchParams();
  if (f.flowId && f.flowId !== fixedFlow) p.set('flowId', f.flowId);
  if (f.status) p.set('status', f.status);
  if (f.range) p.set('range', f.range);
  if (f.range === 'custom') {
    if (f.from) p.set('from', f.from);
    if (f.to) p.set('to', f.to);
  }
  if (f.q.trim()) p.set('q', f.q.trim());
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** runsPath is the address of the runs page of f's flow (all runs without one) with the other filters. */
export function runsPath(f: RunFilters): string {
  return (f.flowId ? `/flows/${encodeURIComponent(f.flowId)}/runs` : '/runs') + filtersToSearch(f, f.flowId);
}

/** hasFilters reports whether any filter narrows the list, beyond a flow the page is about. */
export function hasFilters(f: RunFilters, fixedFlow = ''): boolean {
  return filtersToSearch(f, fixedFlow) !== '';
}

/** localInput is a time as a datetime-local value ("2026-01-02T15:04"), in the viewer's time zone. */
export function localInput(t: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${t.getFullYear()}-${two(t.getMonth() + 1)}-${two(t.getDate())}T${two(t.getHours())}:${two(t.getMinutes())}`;
}

/** localToISO turns a datetime-local value into an RFC 3339 time; "" when it is not one. */
export function localToISO(local: string): string {
  if (!local) return '';
  const t = new Date(local);
  return Number.isNaN(t.getTime()) ? '' : t.toISOString();
}

/** apiQuery gives the query of GET /api/runs for the filters, at time now. */
export function apiQuery(f: RunFilters, now: Date, cursor = '', limit = 50): URLSearchParams {
  const p = new URLSearchParams();
  if (f.flowId) p.set('flowId', f.flowId);
  if (f.status) p.set('status', f.status);
  if (f.range === 'custom') {
    const from = localToISO(f.from);
    const to = localToISO(f.to);
    if (from) p.set('from', from);
    if (to) p.set('to', to);
  } else if (f.range) {
    p.set('from', new Date(now.getTime() - rangeMs[f.range]).toISOString());
  }
  if (f.q.trim()) p.set('q', f.q.trim());
  if (cursor) p.set('cursor', cursor);
  p.set('limit', String(limit));
  return p;
}

/** rangeProblem says what is wrong with a custom range, or "". */
export function rangeProblem(f: RunFilters): string {
  if (f.range !== 'custom') return '';
  if (f.from && !localToISO(f.from)) return 'The start of the range is not a date and time.';
  if (f.to && !localToISO(f.to)) return 'The end of the range is not a date and time.';
  if (f.from && f.to && localToISO(f.from) >= localToISO(f.to)) return 'The range ends before it starts: pick an end after the start.';
  return '';
}
