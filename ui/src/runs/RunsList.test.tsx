import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { Run } from '../api/types';
import { RunsList } from './RunsList';

const at = '2026-01-02T03:04:05Z';
const run = (id: string, status: Run['status']): Run => ({
  id,
  flowId: 'flw_1',
  version: 1,
  status,
  attempt: 1,
  createdAt: at,
  durationMs: 12,
  fields: { customer_number: '919812345678' },
});

let pages: Record<string, { items: Run[]; next: string }>;
let asked: URLSearchParams[];

function answer(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

beforeEach(() => {
  asked = [];
  pages = {};
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url === '/api/flows') return answer({ items: [{ id: 'flw_1', name: 'Assigned chat to CRM' }, { id: 'flw_2', name: 'Leads to sheet' }] });
      if (url.startsWith('/api/runs?')) {
        const q = new URLSearchParams(url.slice('/api/runs?'.length));
        asked.push(q);
        return answer(pages[q.get('cursor') ?? ''] ?? { items: [], next: '' });
      }
      return new Response('{"message": "unexpected"}', { status: 404 });
    }),
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
  localStorage.clear();
  window.history.replaceState(null, '', '/');
});

// Bounds on the tests, not speed assertions: jsdom is slow on a busy machine.
describe('RunsList', () => {
  it('refreshes every 5 s until auto-refresh is turned off, and remembers that', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { unmount } = render(<RunsList navigate={() => {}} />);
    await screen.findByRole('heading', { name: 'No runs yet' });
    const box = screen.getByRole('checkbox', { name: 'Auto-refresh' }) as HTMLInputElement;
    expect(box.checked).toBe(true);
    const before = asked.length;
    await vi.advanceTimersByTimeAsync(5_000);
    await waitFor(() => expect(asked.length).toBe(before + 1));
    fireEvent.click(box);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(asked.length).toBe(before + 1);
    unmount();
    render(<RunsList navigate={() => {}} />);
    await screen.findByRole('heading', { name: 'No runs yet' });
    expect((screen.getByRole('checkbox', { name: 'Auto-refresh' }) as HTMLInputElement).checked).toBe(false);
  });

  it('takes its filters from the address and writes them back', async () => {
    window.history.replaceState(null, '', '/runs?status=failed&q=%2B91+98123+45678&range=24h');
    render(<RunsList navigate={() => {}} />);
    await screen.findByRole('heading', { name: 'No runs match these filters' });
    const q = asked.at(-1)!;
    expect(q.get('status')).toBe('failed');
    expect(q.get('q')).toBe('+91 98123 45678');
    expect(q.has('from')).toBe(true);
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('failed');
    expect((screen.getByLabelText('Customer, agent or business number') as HTMLInputElement).value).toBe('+91 98123 45678');

    await screen.findByRole('option', { name: 'Leads to sheet' });
    fireEvent.change(screen.getByLabelText('Flow'), { target: { value: 'flw_2' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'succeeded' } });
    expect(window.location.search).toBe('?flowId=flw_2&status=succeeded&range=24h&q=%2B91+98123+45678');
    await waitFor(() => expect(asked.at(-1)!.get('flowId')).toBe('flw_2'));

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(window.location.search).toBe('');
    await screen.findByRole('heading', { name: 'No runs yet' });
  }, 30_000);

  it('searches on submit and pages with Older runs, naming each flow', async () => {
    window.history.replaceState(null, '', '/runs');
    pages[''] = { items: [run('run_2', 'succeeded')], next: 'cur_1' };
    pages['cur_1'] = { items: [run('run_1', 'failed')], next: '' };
    render(<RunsList navigate={() => {}} />);
    await screen.findByRole('link', { name: 'run_2' });
    expect(await screen.findByRole('link', { name: 'Assigned chat to CRM' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Older runs' }));
    await screen.findByRole('link', { name: 'run_1' });
    expect(screen.getAllByRole('link', { name: /run_\d/ }).map((a) => a.textContent)).toEqual(['run_2', 'run_1']);
    expect(screen.queryByRole('button', { name: 'Older runs' })).toBeNull();

    fireEvent.change(screen.getByLabelText('Customer, agent or business number'), { target: { value: ' ravi@example.com ' } });
    expect(window.location.search).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    expect(window.location.search).toBe('?q=ravi%40example.com');
    await waitFor(() => expect(asked.at(-1)!.get('q')).toBe('ravi@example.com'));
  }, 30_000);

  it('goes to another page when the flow of a flow page changes', async () => {
    window.history.replaceState(null, '', '/flows/flw_1/runs?status=failed');
    const navigate = vi.fn();
    render(<RunsList flowId="flw_1" navigate={navigate} />);
    await screen.findByRole('heading', { name: 'Runs of Assigned chat to CRM' });
    expect(asked.at(-1)!.get('flowId')).toBe('flw_1');
    fireEvent.change(screen.getByLabelText('Flow'), { target: { value: '' } });
    expect(navigate).toHaveBeenCalledWith('/runs?status=failed');
  }, 30_000);
});
