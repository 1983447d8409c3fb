import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Webhook } from './api';
import { fakeServer } from './fakeServer';
import { WebhookDetail } from './WebhookDetail';

const stored: Webhook = {
  id: 'whk_1',
  name: 'CRM sync',
  method: 'POST',
  url: 'https://crm.example.com/hooks',
  headers: { 'X-Team': 'ops' },
  body: { source: 'hookflow', priority: 5 },
  query: {},
  authorization: { type: 'BEARER', payload: '[redacted]' },
  bodyFormat: 'JSON',
  webhookEvents: ['ADD_TAG'],
  retryOnTimeout: true,
  wabaNumbers: ['919876543210', '919111111111'],
  status: 'active',
  createdAt: '2026-03-01T09:00:00Z',
  updatedAt: '2026-03-01T09:00:00Z',
  health: { successRate: null, attempts: 0, lastError: '', lastSuccessAt: null, lastFailureAt: null, failingSince: null },
};

afterEach(() => vi.unstubAllGlobals());

describe('WebhookDetail', () => {
  it('changes the settings without sending the stored secret back, keeping the JSON types of body fields', async () => {
    let current = stored;
    const calls = fakeServer({
      'GET /api/webhooks/whk_1': () => ({ body: current }),
      'GET /api/deliveries': () => ({ body: { items: [], next: '' } }),
      'GET /api/event-types': () => ({
        body: { items: [{ name: 'ADD_TAG', label: 'Tag added', description: 'A tag was added.', group: 'chat', schema: {}, example: {} }] },
      }),
      'GET /api/channels': () => ({ body: { items: [{ number: '919876543210', name: 'Sales', kind: 'waba', createdAt: '2026-03-01T09:00:00Z' }] } }),
      'PUT /api/webhooks/whk_1': (c) => {
        current = { ...stored, name: (c.body as { name: string }).name };
        return { body: { validWebhooks: [{ wabaNumber: '919876543210', webhookEventType: 'ADD_TAG' }], invalidWebhooks: [], invalidWabaNumbers: [], id: 'whk_1' } };
      },
    });
    render(<WebhookDetail webhookId="whk_1" navigate={vi.fn()} />);
    expect(await screen.findByText('No deliveries yet')).toBeTruthy();
    expect(screen.getByText('BEARER (set, never shown)')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Change settings' }));
    const form = await screen.findByRole('form', { name: 'Change CRM sync' });
    const token = within(form).getByLabelText('Token') as HTMLInputElement;
    expect(token.value).toBe('');
    expect(token.placeholder).toMatch(/leave empty to keep/);
    expect(within(form).getByRole('checkbox', { name: /919111111111 \(no longer a channel\)/ })).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Webhook name'), { target: { value: 'CRM sync 2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));

    expect(await screen.findByRole('heading', { name: 'CRM sync 2' })).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
    const put = calls.find((c) => c.method === 'PUT');
    expect(put?.body).toEqual({
      method: 'POST',
      headers: { 'X-Team': 'ops' },
      body: { source: 'hookflow', priority: 5 },
      query: {},
      authorization: { type: 'BEARER' },
      url: 'https://crm.example.com/hooks',
      bodyFormat: 'JSON',
      webhookEvents: ['ADD_TAG'],
      retryOnTimeout: true,
      name: 'CRM sync 2',
      wabaNumbers: ['919876543210', '919111111111'],
    });
  });
});
