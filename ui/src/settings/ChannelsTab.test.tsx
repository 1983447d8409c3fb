import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeServer } from '../webhooks/fakeServer';
import type { Channel } from './api';
import { ChannelsTab } from './ChannelsTab';

afterEach(() => vi.unstubAllGlobals());

describe('ChannelsTab', () => {
  it('adds a number, shows the server’s refusal in words, and removes one after confirmation', async () => {
    const list: Channel[] = [];
    const calls = fakeServer({
      'GET /api/channels': () => ({ body: { items: list } }),
      'POST /api/channels': (c) => {
        const { number, name } = c.body as { number: string; name?: string };
        if (number === '+91 98765 43210' && list.length > 0) {
          return { status: 409, body: { message: 'a channel with this number exists already: 919876543210', code: 'channel_exists', requestId: 'r' } };
        }
        const ch: Channel = { number: number.replace(/\D/g, ''), name: name ?? number, kind: 'waba', createdAt: '2026-03-01T09:00:00Z' };
        list.push(ch);
        return { status: 201, body: ch };
      },
      'DELETE /api/channels/919876543210': () => ({ status: 204 }),
    });
    render(<ChannelsTab />);
    await screen.findByText('No channels yet');
    const form = screen.getByRole('form', { name: 'Add a channel' });
    fireEvent.click(within(form).getByRole('button', { name: 'Add channel' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/Enter the number/);

    fireEvent.change(within(form).getByLabelText('Number'), { target: { value: '+91 98765 43210' } });
    fireEvent.change(within(form).getByLabelText('Name (optional)'), { target: { value: 'Sales' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add channel' }));
    expect(await screen.findByRole('cell', { name: '919876543210' })).toBeTruthy();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ number: '+91 98765 43210', name: 'Sales', kind: 'waba' });

    fireEvent.change(within(form).getByLabelText('Number'), { target: { value: '+91 98765 43210' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Add channel' }));
    expect((await within(form).findByRole('alert')).textContent).toMatch(/exists already/);

    fireEvent.click(screen.getByRole('button', { name: 'Remove 919876543210' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Remove 919876543210?' })).getByRole('button', { name: 'Remove channel' }));
    expect(await screen.findByText('No channels yet')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/channels/919876543210']);
  });
});
