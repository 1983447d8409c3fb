// Shaping of the statistics' hourly buckets into what the SVG charts draw:
// positions in a plot area, scales and the words of each bar's title.
import type { DeliveryBucket, RunBucket } from './api';

/** Plot is the area bars are drawn in, in SVG user units. */
export interface Plot {
  width: number;
  height: number;
}

/** RunStatus is a part of a stacked bar, bottom first. */
export type RunStatus = 'succeeded' | 'failed' | 'other';

export const runStatuses: { key: RunStatus; label: string }[] = [
  { key: 'succeeded', label: 'Succeeded' },
  { key: 'failed', label: 'Failed' },
  { key: 'other', label: 'Other (queued, running, waiting, canceled)' },
];

export interface Segment {
  key: RunStatus;
  count: number;
  y: number;
  height: number;
}

/** RunBar is one hour of a flow's runs: a column of stacked segments. */
export interface RunBar {
  start: string;
  x: number;
  width: number;
  total: number;
  /** segments holds only the statuses the hour had, bottom first. */
  segments: Segment[];
  title: string;
}

/** Formats says how hours are written; timeZone is for tests (the viewer's own by default). */
export interface Formats {
  timeZone?: string;
  /** withDay writes the day too, for windows longer than a day. */
  withDay?: boolean;
}

/** niceMax rounds a count up to 1, 2 or 5 times a power of ten, so the scale reads well. */
export function niceMax(n: number): number {
  if (n <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 5, 10]) {
    if (n <= m * p) return m * p;
  }
  return 10 * p;
}

/** hourLabel writes the hour that starts at start, e.g. "14:00–15:00" or "Sun 22 Nov, 14:00–15:00". */
export function hourLabel(start: string, f: Formats = {}): string {
  const from = new Date(start);
  const to = new Date(from.getTime() + 3600_000);
  const time = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: f.timeZone });
  const hours = `${time.format(from)}–${time.format(to)}`;
  if (!f.withDay) return hours;
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: f.timeZone });
  return `${day.format(from)}, ${hours}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** runBars turns a flow's hourly buckets into stacked bars that fill plot; max is the top of the scale. */
export function runBars(buckets: RunBucket[], plot: Plot, f: Formats = {}): { bars: RunBar[]; max: number } {
  const max = niceMax(Math.max(0, ...buckets.map((b) => b.succeeded + b.failed + b.other)));
  const step = buckets.length ? plot.width / buckets.length : 0;
  const gap = step > 6 ? 1 : 0;
  const bars = buckets.map((b, i): RunBar => {
    const total = b.succeeded + b.failed + b.other;
    const segments: Segment[] = [];
    let top = plot.height;
    for (const { key } of runStatuses) {
      const count = b[key];
      if (count === 0) continue;
      const height = (count / max) * plot.height;
      top -= height;
      segments.push({ key, count, y: top, height });
    }
    const when = hourLabel(b.start, f);
    const title =
      total === 0
        ? `${when}: no runs`
        : `${when}: ${plural(total, 'run')} (${b.succeeded} succeeded, ${b.failed} failed, ${b.other} other)`;
    return { start: b.start, x: i * step + gap / 2, width: Math.max(step - gap, 0.5), total, segments, title };
  });
  return { bars, max };
}

/** RateBar is one hour of a webhook's deliveries: its success rate, when any finished. */
export interface RateBar {
  start: string;
  x: number;
  width: number;
  /** rate is from 0 to 1; null when no delivery of the hour has finished. */
  rate: number | null;
  y: number;
  height: number;
  level: 'good' | 'fair' | 'poor' | 'none';
  title: string;
}

/** rateLevel sorts a success rate into how worrying it is. */
export function rateLevel(rate: number | null): RateBar['level'] {
  if (rate === null) return 'none';
  if (rate >= 0.95) return 'good';
  if (rate >= 0.8) return 'fair';
  return 'poor';
}

/** percent writes a rate as a whole percentage, but never rounds a failure up to 100%. */
export function percent(rate: number): string {
  const p = rate * 100;
  return `${rate < 1 ? Math.min(Math.round(p), 99) : 100}%`;
}

/** rateBars turns a webhook's hourly buckets into bars whose height is the hour's success rate. */
export function rateBars(buckets: DeliveryBucket[], plot: Plot, f: Formats = {}): RateBar[] {
  const step = buckets.length ? plot.width / buckets.length : 0;
  const gap = step > 6 ? 1 : 0;
  return buckets.map((b, i): RateBar => {
    const finished = b.succeeded + b.failed;
    const rate = finished === 0 ? null : b.succeeded / finished;
    const height = rate === null ? 0 : Math.max(rate * plot.height, 1);
    const when = hourLabel(b.start, f);
    const pending = b.pending ? `; ${b.pending} pending` : '';
    let title: string;
    if (rate !== null) title = `${when}: ${percent(rate)} delivered (${b.succeeded} of ${plural(finished, 'finished delivery', 'finished deliveries')}${pending})`;
    else if (b.pending) title = `${when}: none finished yet (${b.pending} pending)`;
    else title = `${when}: no deliveries`;
    return { start: b.start, x: i * step + gap / 2, width: Math.max(step - gap, 0.5), rate, y: plot.height - height, height, level: rateLevel(rate), title };
  });
}

/** Tick is a label under the time axis. */
export interface Tick {
  x: number;
  label: string;
}

/** tickRoom is the width a tick's label needs: a tick closer to the plot's end is left out rather than cut. */
const tickRoom = 28;

/** timeTicks labels every sixth hour of a day, or the first hour of each day of a week, in the viewer's time. */
export function timeTicks(starts: string[], plot: Plot, f: Formats = {}): Tick[] {
  const step = starts.length ? plot.width / starts.length : 0;
  const hour = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: f.timeZone });
  const day = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', timeZone: f.timeZone });
  const ticks: Tick[] = [];
  let prevDay = '';
  starts.forEach((s, i) => {
    const d = new Date(s);
    if (f.withDay) {
      const label = day.format(d);
      // The first bucket's day is often partial: label from the first whole one.
      if (prevDay !== '' && label !== prevDay) ticks.push({ x: i * step, label });
      prevDay = label;
      return;
    }
    const label = hour.format(d);
    if (Number(label.slice(0, 2)) % 6 === 0) ticks.push({ x: i * step, label });
  });
  return ticks.filter((t) => t.x <= plot.width - tickRoom);
}

/** formatMs writes a duration for people: "850 ms", "1.2 s", "3 min". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
