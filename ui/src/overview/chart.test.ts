import { describe, expect, it } from 'vitest';
import type { DeliveryBucket, RunBucket } from './api';
import { formatMs, hourLabel, niceMax, percent, rateBars, runBars, timeTicks } from './chart';

const plot = { width: 240, height: 100 };
const utc = { timeZone: 'UTC' };

/** hours returns n hourly bucket starts from 2026-11-21T15:00Z. */
function hours(n: number): string[] {
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 10, 21, 15 + i)).toISOString());
}

function runBucket(start: string, succeeded = 0, failed = 0, other = 0): RunBucket {
  return { start, succeeded, failed, other };
}

describe('niceMax', () => {
  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [7, 10],
    [11, 20],
    [180, 200],
    [501, 1000],
  ])('rounds %d up to %d', (n, want) => {
    expect(niceMax(n)).toBe(want);
  });
});

describe('runBars', () => {
  const starts = hours(24);
  const buckets = starts.map((s) => runBucket(s));
  buckets[0] = runBucket(starts[0]!, 3, 1, 1);
  buckets[23] = runBucket(starts[23]!, 0, 2, 0);

  it('gives one bar per hour, side by side across the plot', () => {
    const { bars } = runBars(buckets, plot, utc);
    expect(bars).toHaveLength(24);
    expect(bars[0]!.x).toBeCloseTo(0.5);
    expect(bars[1]!.x).toBeCloseTo(10.5);
    expect(bars[23]!.x + bars[23]!.width).toBeCloseTo(239.5);
  });

  it('stacks succeeded, failed and other from the bottom, on a rounded scale', () => {
    const { bars, max } = runBars(buckets, plot, utc);
    expect(max).toBe(5);
    const first = bars[0]!;
    expect(first.total).toBe(5);
    expect(first.segments.map((s) => [s.key, s.count, s.y, s.height])).toEqual([
      ['succeeded', 3, 40, 60],
      ['failed', 1, 20, 20],
      ['other', 1, 0, 20],
    ]);
    expect(bars[23]!.segments.map((s) => [s.key, s.y, s.height])).toEqual([['failed', 60, 40]]);
  });

  it('draws nothing for an empty hour but still titles it', () => {
    const { bars } = runBars(buckets, plot, utc);
    expect(bars[5]!.segments).toEqual([]);
    expect(bars[5]!.title).toBe('20:00–21:00: no runs');
  });

  it('says the counts of each hour in its title', () => {
    const { bars } = runBars(buckets, plot, utc);
    expect(bars[0]!.title).toBe('15:00–16:00: 5 runs (3 succeeded, 1 failed, 1 other)');
    expect(runBars([runBucket(starts[0]!, 1)], plot, { ...utc, withDay: true }).bars[0]!.title).toBe(
      'Sat 21 Nov, 15:00–16:00: 1 run (1 succeeded, 0 failed, 0 other)',
    );
  });

  it('keeps a scale of 1 when nothing ran', () => {
    const { bars, max } = runBars(starts.map((s) => runBucket(s)), plot, utc);
    expect(max).toBe(1);
    expect(bars.every((b) => b.segments.length === 0)).toBe(true);
  });

  it('keeps a week of thin bars visible', () => {
    const week = hours(168).map((s) => runBucket(s, 1));
    const { bars } = runBars(week, plot, utc);
    expect(bars).toHaveLength(168);
    expect(bars[0]!.width).toBeGreaterThan(0);
    expect(bars[167]!.x + bars[167]!.width).toBeCloseTo(240);
  });
});

describe('rateBars', () => {
  const starts = hours(4);
  const buckets: DeliveryBucket[] = [
    { start: starts[0]!, succeeded: 99, failed: 1, pending: 0 },
    { start: starts[1]!, succeeded: 0, failed: 0, pending: 2 },
    { start: starts[2]!, succeeded: 0, failed: 0, pending: 0 },
    { start: starts[3]!, succeeded: 1, failed: 3, pending: 1 },
  ];

  it('makes each bar as tall as its hour’s success rate', () => {
    const bars = rateBars(buckets, plot, utc);
    expect(bars.map((b) => b.rate)).toEqual([0.99, null, null, 0.25]);
    expect(bars[0]!.height).toBeCloseTo(99);
    expect(bars[0]!.y).toBeCloseTo(1);
    expect(bars[3]!.height).toBeCloseTo(25);
    expect(bars.map((b) => b.level)).toEqual(['good', 'none', 'none', 'poor']);
  });

  it('titles every hour, with or without finished deliveries', () => {
    const bars = rateBars(buckets, plot, utc);
    expect(bars.map((b) => b.title)).toEqual([
      '15:00–16:00: 99% delivered (99 of 100 finished deliveries)',
      '16:00–17:00: none finished yet (2 pending)',
      '17:00–18:00: no deliveries',
      '18:00–19:00: 25% delivered (1 of 4 finished deliveries; 1 pending)',
    ]);
  });
});

describe('percent', () => {
  it('never rounds a failure up to 100%', () => {
    expect(percent(0.9996)).toBe('99%');
    expect(percent(1)).toBe('100%');
    expect(percent(0.5)).toBe('50%');
  });
});

describe('timeTicks', () => {
  it('labels every sixth hour of a day', () => {
    expect(timeTicks(hours(24), plot, utc).map((t) => t.label)).toEqual(['18:00', '00:00', '06:00', '12:00']);
  });

  it('labels each new day of a week, but none too near the end to fit', () => {
    const ticks = timeTicks(hours(168), plot, { ...utc, withDay: true });
    expect(ticks.map((t) => t.label)).toEqual(['Sun 22', 'Mon 23', 'Tue 24', 'Wed 25', 'Thu 26', 'Fri 27']);
    expect(ticks[0]!.x).toBeCloseTo((9 * 240) / 168);
    expect(timeTicks(hours(168), { width: 720, height: 100 }, { ...utc, withDay: true })).toHaveLength(7);
  });
});

describe('hourLabel and formatMs', () => {
  it('writes hours in the given zone', () => {
    expect(hourLabel('2026-11-21T23:00:00Z', utc)).toBe('23:00–00:00');
    expect(hourLabel('2026-11-21T23:00:00Z', { timeZone: 'Asia/Kolkata' })).toBe('04:30–05:30');
  });

  it('writes durations for people', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1250)).toBe('1.3 s');
    expect(formatMs(42_000)).toBe('42 s');
    expect(formatMs(180_000)).toBe('3 min');
  });
});
