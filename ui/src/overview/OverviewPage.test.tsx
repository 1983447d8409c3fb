import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import type { FlowStatsReport, WebhookStatsReport } from './api';
import { OverviewPage } from './OverviewPage';

function hours(n: number): string[] {
  return Array.from({ length: n }, (_, i) => new Date(Date.UTC(2026, 10, 21, 15 + i)).toISOString());
}

function report(window: '24h' | '7d', ran: boolean): { flows: FlowStatsReport; webhooks: WebhookStatsReport } {
  const starts = hours(window === '24h' ? 24 : 168);
  const runs = starts.map((start, i) => ({ start, succeeded: ran && i === starts.length - 1 ? 4 : 0, failed: ran && i === 0 ? 1 : 0, other: 0 }));
  return {
    flows: {
      window,
      from: starts[0]!,
      to: starts[starts.length - 1]!,
      flows: [
        {
          flowId: 'flw_1',
          name: 'Orders → CRM',
          buckets: runs,
          totals: { total: ran ? 5 : 0, succeeded: ran ? 4 : 0, failed: ran ? 1 : 0, canceled: 0, queued: 0, running: 0, waiting: 0 },
          p50Ms: ran ? 120 : null,
          p95Ms: ran ? 2400 : null,
        },
      ],
    },
    webhooks: { window, from: starts[0]!, to: starts[starts.length - 1]!, webhooks: [] },
  };
}

function serve(ran: boolean, status = 200) {
  const paths: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string) => {
      paths.push(path);
      if (status !== 200) return new Response(JSON.stringify({ message: 'the store does not answer', code: 'internal', requestId: 'r' }), { status });
      const window = path.includes('window=7d') ? '7d' : '24h';
      const r = report(window, ran);
      return new Response(JSON.stringify(path.startsWith('/api/stats/flows') ? r.flows : r.webhooks), { status: 200 });
    }),
  );
  return paths;
}

afterEach(() => vi.unstubAllGlobals());

describe('OverviewPage', () => {
  it('charts a flow’s runs with titled bars, a legend and its percentiles, and links it to its runs', async () => {
    serve(true);
    const navigate = vi.fn();
    render(<OverviewPage navigate={navigate} />);
    const chart = await screen.findByRole('group', { name: 'Runs per hour of Orders → CRM over the last 24 hours' });
    const bars = chart.querySelectorAll('[role="img"]');
    expect(bars).toHaveLength(2);
    expect(bars[1]!.getAttribute('aria-label')).toMatch(/: 4 runs \(4 succeeded, 0 failed, 0 other\)$/);
    expect(bars[1]!.querySelector('title')?.textContent).toBe(bars[1]!.getAttribute('aria-label'));
    expect(screen.getAllByRole('list', { name: 'Legend' })).toHaveLength(1);
    expect(screen.getByText('120 ms')).toBeTruthy();
    expect(screen.getByText('2.4 s')).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'No outbound webhooks' })).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Orders → CRM' }));
    expect(navigate).toHaveBeenCalledWith('/flows/flw_1/runs');
  });

  it('switches to 7 days', async () => {
    const paths = serve(true);
    render(<OverviewPage navigate={() => {}} />);
    await screen.findByRole('group', { name: /over the last 24 hours/ });
    fireEvent.click(screen.getByRole('radio', { name: '7 days' }));
    await screen.findByRole('group', { name: /over the last 7 days/ });
    expect(paths).toContain('/api/stats/flows?window=7d');
    expect(paths).toContain('/api/stats/webhooks?window=7d');
  });

  it('links a flow’s failed count to its failed runs of the window shown', async () => {
    serve(true);
    const navigate = vi.fn();
    render(<OverviewPage navigate={navigate} />);
    fireEvent.click(await screen.findByRole('link', { name: '1 failed run(s) of Orders → CRM in the last 24 hours' }));
    expect(navigate).toHaveBeenLastCalledWith('/flows/flw_1/runs?status=failed&range=24h');
    fireEvent.click(screen.getByRole('radio', { name: '7 days' }));
    fireEvent.click(await screen.findByRole('link', { name: '1 failed run(s) of Orders → CRM in the last 7 days' }));
    expect(navigate).toHaveBeenLastCalledWith('/flows/flw_1/runs?status=failed&range=7d');
  });

  it('says so when nothing ran, instead of empty charts', async () => {
    serve(false);
    render(<OverviewPage navigate={() => {}} />);
    expect(await screen.findByText(/No flow ran in the last 24 hours/)).toBeTruthy();
    expect(screen.queryByRole('group', { name: /Runs per hour/ })).toBeNull();
    expect(screen.queryByRole('list', { name: 'Legend' })).toBeNull();
  });

  it('shows the server’s words when the statistics cannot be loaded', async () => {
    serve(false, 500);
    render(<OverviewPage navigate={() => {}} />);
    expect((await screen.findByRole('alert')).textContent).toContain('The statistics could not be loaded: the store does not answer');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
