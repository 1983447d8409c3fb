import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { Flow } from '../api/types';
import { ago, failedToday, FlowsList } from './FlowsList';
import { noFilters, parseFilters } from '../runs/filters';

const flow: Flow = {
  id: 'flw_1',
  name: 'Orders → CRM',
  status: 'active',
  version: 2,
  nodes: [{ id: 'trigger', type: 'webhook', typeVersion: 1, position: { x: 0, y: 0 }, config: {} }],
  edges: [],
  hookToken: 'whk_1',
  trigger: { type: 'webhook', eventTypes: [], channels: [] },
  settings: {},
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-02T10:00:00Z',
};

interface Call {
  method: string;
  path: string;
  body: unknown;
}

/** serve answers the studio's calls like the server would, and records them. */
function serve(): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init: RequestInit) => {
      const body = init.body ? JSON.parse(String(init.body)) : undefined;
      calls.push({ method: init.method ?? 'GET', path, body });
      const json = (status: number, v: unknown) => new Response(JSON.stringify(v), { status, headers: { 'Content-Type': 'application/json' } });
      if (path === '/api/flows' && init.method === 'GET') return json(200, { items: [flow] });
      if (path.startsWith('/api/stats/summary')) {
        return json(200, {
          since: '2026-11-22T00:00:00Z',
          items: [{ flowId: 'flw_1', lastRunAt: new Date(Date.now() - 5 * 60_000).toISOString(), lastStatus: 'failed', runsToday: 12, errorsToday: 3 }],
        });
      }
      if (path === '/api/flows' && init.method === 'POST') return json(201, { ...flow, ...body, id: 'flw_2', status: 'draft', version: 0 });
      return json(404, { message: 'no such route', code: 'not_found', requestId: 'r' });
    }),
  );
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('FlowsList', () => {
  it('shows each flow’s last run, runs today and errors today', async () => {
    serve();
    render(<FlowsList specs={[]} navigate={() => {}} />);
    const row = (await screen.findByRole('link', { name: 'Orders → CRM' })).closest('tr')!;
    await within(row).findByText('12');
    expect(within(row).getByText('3')).toBeTruthy();
    expect(within(row).getByText('failed')).toBeTruthy();
    expect(within(row).getByText('5 min ago')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Errors today' })).toBeTruthy();
  });

  it('opens the failed runs of today from the errors count', async () => {
    serve();
    const navigate = vi.fn();
    render(<FlowsList specs={[]} navigate={navigate} />);
    fireEvent.click(await screen.findByRole('link', { name: '3 failed run(s) of Orders → CRM today' }));
    expect(navigate).toHaveBeenCalledWith(failedToday('flw_1'));
    const at = new Date(2026, 11, 7, 15, 30);
    expect(failedToday('flw_1', at)).toBe('/flows/flw_1/runs?status=failed&range=custom&from=2026-12-07T00%3A00');
    expect(parseFilters(failedToday('flw_1', at).split('?')[1]!)).toEqual({ ...noFilters, status: 'failed', range: 'custom', from: '2026-12-07T00:00' });
  });

  it('opens the example flow from the empty list', async () => {
    const posted: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string, init: RequestInit) => {
        const json = (status: number, v: unknown) => new Response(JSON.stringify(v), { status, headers: { 'Content-Type': 'application/json' } });
        if (path === '/api/flows' && init.method === 'POST') {
          posted.push(JSON.parse(String(init.body)));
          return json(201, { ...flow, id: 'flw_9' });
        }
        if (path === '/api/flows') return json(200, { items: [] });
        return json(200, { since: '2026-11-22T00:00:00Z', items: [] });
      }),
    );
    const navigate = vi.fn();
    render(<FlowsList specs={[]} navigate={navigate} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open an example flow' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith('/flows/flw_9'));
    const body = posted[0] as { name: string; nodes: { id: string; type: string }[]; edges: unknown[] };
    expect(body.name).toBe('Assigned chat -> CRM');
    expect(body.nodes.map((n) => n.type)).toEqual(['webhook', 'condition', 'respond', 'respond']);
    expect(body.edges).toHaveLength(3);
  });

  it('duplicates a flow as “Copy of …” with its nodes and edges', async () => {
    const calls = serve();
    render(<FlowsList specs={[]} navigate={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Duplicate Orders → CRM' }));
    expect(await screen.findByRole('link', { name: 'Copy of Orders → CRM' })).toBeTruthy();
    const post = calls.find((c) => c.method === 'POST');
    expect(post).toEqual({ method: 'POST', path: '/api/flows', body: { name: 'Copy of Orders → CRM', nodes: flow.nodes, edges: flow.edges, settings: {} } });
  });

  it('says plainly why a bad file cannot be imported, and creates nothing', async () => {
    const calls = serve();
    render(<FlowsList specs={[]} navigate={() => {}} />);
    await screen.findByRole('link', { name: 'Orders → CRM' });
    const input = screen.getByLabelText('Flow file to import');
    fireEvent.change(input, { target: { files: [new File(['{"name": "half a flow"'], 'broken.json', { type: 'application/json' })] } });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      '“broken.json” cannot be imported: it is not a JSON file. Choose a file made with Export, or with hookflow flows export.',
    );
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('imports a good file as a new flow', async () => {
    const calls = serve();
    render(<FlowsList specs={[]} navigate={() => {}} />);
    await screen.findByRole('link', { name: 'Orders → CRM' });
    const text = JSON.stringify({ id: 'flw_9', name: 'Leads', nodes: flow.nodes, edges: [] });
    fireEvent.change(screen.getByLabelText('Flow file to import'), { target: { files: [new File([text], 'leads.json')] } });
    expect(await screen.findByRole('link', { name: 'Leads' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Leads', nodes: flow.nodes, edges: [] });
    expect(screen.getByRole('status').textContent).toContain('Imported “leads.json” as “Leads”');
  });
});

describe('ago', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it.each([
    ['2026-11-22T11:59:30Z', 'just now'],
    ['2026-11-22T11:15:00Z', '45 min ago'],
    ['2026-11-22T09:00:00Z', '3 h ago'],
    ['2026-11-21T09:00:00Z', 'yesterday'],
    ['2026-11-18T12:00:00Z', '4 days ago'],
  ])('writes %s as %s', (t, want) => {
    expect(ago(t, now)).toBe(want);
  });
});
