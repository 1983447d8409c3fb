import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import type { InboxEntry } from '../api/types';
import { Inbox, entryKind, entrySize } from './Inbox';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const entries: InboxEntry[] = [
  {
    id: 'inb_2',
    flowId: 'flw_1',
    nodeId: 'trigger',
    receivedAt: '2026-11-22T10:05:00Z',
    data: { method: 'POST', body: { customer: { phoneNumber: '919812345678' } } },
    rawBody: '{"customer":{"phoneNumber":"919812345678"}}',
    truncated: false,
  },
  {
    id: 'inb_1',
    flowId: 'flw_1',
    nodeId: 'trigger',
    receivedAt: '2026-11-22T10:00:00Z',
    data: { method: 'GET', query: { a: '1' } },
    rawBody: '',
    truncated: false,
  },
];

afterEach(() => vi.unstubAllGlobals());

describe('Inbox', () => {
  it('lists the recent requests and makes the clicked one the sample', async () => {
    const fetch = vi.fn(async (_url: string, init?: RequestInit) => {
      if (init?.method === 'GET') return json(200, { items: entries });
      return json(200, { flowId: 'flw_1', nodeId: 'trigger', data: entries[1]!.data, source: 'inbox', updatedAt: '2026-11-22T10:06:00Z' });
    });
    vi.stubGlobal('fetch', fetch);
    const chosen = vi.fn();
    render(<Inbox flowId="flw_1" nodeId="trigger" noun="request" reload={0} onChosen={chosen} />);

    const buttons = await screen.findAllByRole('button', { name: /^Use the .* as sample$/ });
    expect(buttons).toHaveLength(2);
    expect(screen.getByText('POST')).toBeTruthy();
    expect(screen.getByText('GET')).toBeTruthy();
    expect(screen.getByText('43 B')).toBeTruthy();
    expect(fetch.mock.calls[0]![0]).toBe('/api/flows/flw_1/nodes/trigger/inbox');

    fireEvent.click(screen.getByRole('button', { name: /^Use the GET request of .* as sample$/ }));
    expect(await screen.findByText('Sample')).toBeTruthy();
    const [url, init] = fetch.mock.calls[1] as unknown as [string, RequestInit];
    expect(url).toBe('/api/flows/flw_1/nodes/trigger/sample');
    expect(init.method).toBe('PUT');
    expect(JSON.parse(init.body as string)).toEqual({ inboxId: 'inb_1' });
    expect(chosen).toHaveBeenCalledWith(expect.objectContaining({ source: 'inbox', data: entries[1]!.data }));
    expect(screen.getAllByRole('button', { name: /as sample$/ })).toHaveLength(1);
  });

  it('says when nothing came yet, and explains a refusal in words', async () => {
    vi.stubGlobal('fetch', async () => json(200, { items: [] }));
    const { unmount } = render(<Inbox flowId="f" nodeId="t" noun="event" reload={0} onChosen={() => {}} />);
    expect(await screen.findByText(/No events yet/)).toBeTruthy();
    unmount();

    vi.stubGlobal('fetch', async (_url: string, init?: RequestInit) =>
      init?.method === 'GET'
        ? json(200, { items: entries })
        : json(404, { message: 'the inbox of node "t" has no entry "inb_1"; it keeps the last 20 requests', code: 'entry_not_found', requestId: 'r' }),
    );
    const chosen = vi.fn();
    render(<Inbox flowId="f" nodeId="t" noun="request" reload={0} onChosen={chosen} />);
    fireEvent.click(await screen.findByRole('button', { name: /^Use the GET request/ }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(
      'That request could not be made the sample: the inbox of node "t" has no entry "inb_1"; it keeps the last 20 requests',
    );
    expect(chosen).not.toHaveBeenCalled();
  });
});

describe('entry summary', () => {
  it('names an event entry by its type and sizes it by its data', () => {
    const e = { ...entries[1]!, data: { event: { type: 'CHAT_ASSIGNED_TO_AGENT', data: {} } } };
    expect(entryKind(e)).toBe('CHAT_ASSIGNED_TO_AGENT');
    expect(entrySize(e)).toBe(`${JSON.stringify(e.data).length} B`);
    expect(entrySize({ ...e, rawBody: 'x'.repeat(2048) })).toBe('2.0 KB');
  });
});
