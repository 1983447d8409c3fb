import { describe, expect, it } from 'vitest';
import { apiQuery, filtersToSearch, hasFilters, noFilters, parseFilters, rangeProblem, type RunFilters } from './filters';

describe('run filters in the query string', () => {
  it('reads back what it writes', () => {
    const f: RunFilters = { flowId: 'flw_1', status: 'failed', range: 'custom', from: '2026-01-02T09:00', to: '2026-01-03T18:30', q: '+91 98765 43210' };
    const search = filtersToSearch(f);
    expect(search).toBe('?flowId=flw_1&status=failed&range=custom&from=2026-01-02T09%3A00&to=2026-01-03T18%3A30&q=%2B91+98765+43210');
    expect(parseFilters(search)).toEqual(f);
  });

  it('leaves out empty filters and the flow the page is about', () => {
    expect(filtersToSearch(noFilters)).toBe('');
    expect(filtersToSearch({ ...noFilters, flowId: 'flw_1', q: '  ' }, 'flw_1')).toBe('');
    expect(hasFilters({ ...noFilters, flowId: 'flw_1' }, 'flw_1')).toBe(false);
    expect(hasFilters({ ...noFilters, flowId: 'flw_1' })).toBe(true);
    expect(filtersToSearch({ ...noFilters, range: '24h', from: '2026-01-01T00:00' })).toBe('?range=24h');
  });

  it('drops values it does not know', () => {
    expect(parseFilters('?status=lost&range=forever&from=2026-01-01T00:00&q=ravi')).toEqual({ ...noFilters, q: 'ravi' });
  });
});

describe('the API query of the filters', () => {
  const now = new Date('2026-03-10T12:00:00Z');

  it('turns a recent range into a start time', () => {
    const q = apiQuery({ ...noFilters, status: 'succeeded', range: '1h', q: ' asha@shop.example ' }, now);
    expect(Object.fromEntries(q)).toEqual({ status: 'succeeded', from: '2026-03-10T11:00:00.000Z', q: 'asha@shop.example', limit: '50' });
    expect(apiQuery({ ...noFilters, range: '7d' }, now).get('from')).toBe('2026-03-03T12:00:00.000Z');
  });

  it('sends a custom range in RFC 3339 and the cursor of the next page', () => {
    const f: RunFilters = { ...noFilters, flowId: 'flw_2', range: 'custom', from: '2026-01-02T09:00', to: '' };
    const q = apiQuery(f, now, 'cur_1', 20);
    expect(q.get('flowId')).toBe('flw_2');
    expect(q.get('from')).toBe(new Date('2026-01-02T09:00').toISOString());
    expect(q.has('to')).toBe(false);
    expect(q.get('cursor')).toBe('cur_1');
    expect(q.get('limit')).toBe('20');
  });

  it('explains a range that ends before it starts', () => {
    expect(rangeProblem({ ...noFilters, range: 'custom', from: '2026-01-03T00:00', to: '2026-01-02T00:00' })).toMatch(/ends before it starts/);
    expect(rangeProblem({ ...noFilters, range: 'custom', from: '2026-01-02T00:00', to: '2026-01-03T00:00' })).toBe('');
    expect(rangeProblem({ ...noFilters, range: '1h', from: 'junk' })).toBe('');
  });
});
