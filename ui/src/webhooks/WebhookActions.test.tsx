import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Webhook } from './api';
import { fakeServer } from './fakeServer';
import { WebhookActions } from './WebhookActions';

const hook: Webhook = {
  id: 'whk_1',
  name: 'CRM sync',
  method: 'POST',
  url: 'https://crm.example.com/hooks',
  headers: {},
  body: {},
  query: {},
  authorization: {},
  bodyFormat: 'JSON',
  webhookEvents: ['ADD_TAG'],
  retryOnTimeout: true,
  wabaNumbers: ['919876543210'],
  status: 'active',
  createdAt: '2026-03-01T09:00:00Z',
  updatedAt: '2026-03-01T09:00:00Z',
  health: { successRate: null, attempts: 0, lastError: '', lastSuccessAt: null, lastFailureAt: null, failingSince: null },
};
const rotated = 'whsec_bmV3IHNlY3JldCBuZXcgc2VjcmV0IG5ldyBzZWNyZXQ=';

afterEach(() => vi.unstubAllGlobals());

describe('WebhookActions', () => {
  it('pauses, redelivers, rotates with confirmation (new secret shown once) and deletes with confirmation', async () => {
    const calls = fakeServer({
      'POST /api/webhooks/whk_1/pause': () => ({ body: { ...hook, status: 'paused' } }),
      'POST /api/webhooks/whk_1/redeliver-failed': () => ({ status: 202, body: { redelivered: 3 } }),
      'POST /api/webhooks/whk_1/rotate-secret': () => ({ body: { signingSecret: rotated, previousSecretExpiresAt: '2026-03-03T09:00:00Z' } }),
      'DELETE /api/webhooks/whk_1': () => ({ status: 204 }),
    });
    const onChanged = vi.fn();
    render(<WebhookActions webhook={hook} onChanged={onChanged} />);

    fireEvent.click(screen.getByRole('button', { name: 'Redeliver failed deliveries of CRM sync' }));
    expect(await screen.findByText('3 deliveries are being sent again.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Pause CRM sync' }));
    await vi.waitFor(() => expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ status: 'paused' })));

    fireEvent.click(screen.getByRole('button', { name: 'Rotate the signing secret of CRM sync' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.path.endsWith('/rotate-secret'))).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Rotate the signing secret of CRM sync' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Rotate secret' }));
    const shown = await screen.findByRole('region', { name: 'New signing secret of CRM sync' });
    expect((within(shown).getByRole('textbox') as HTMLInputElement).value).toBe(rotated);
    expect(within(shown).getByRole('note').textContent).toMatch(/Shown only this once.*both the old and the new secret/);
    fireEvent.click(within(shown).getByRole('button', { name: 'I have stored it' }));
    expect(document.body.textContent).not.toContain(rotated);

    fireEvent.click(screen.getByRole('button', { name: 'Delete CRM sync' }));
    fireEvent.click(within(screen.getByRole('dialog', { name: 'Delete CRM sync?' })).getByRole('button', { name: 'Delete webhook' }));
    await vi.waitFor(() => expect(onChanged).toHaveBeenLastCalledWith(null));
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/webhooks/whk_1/redeliver-failed',
      'POST /api/webhooks/whk_1/pause',
      'POST /api/webhooks/whk_1/rotate-secret',
      'DELETE /api/webhooks/whk_1',
    ]);
    expect(calls.every((c) => c.headers['Content-Type'] === 'application/json')).toBe(true);
  });

  it('shows the server’s reason when an action is refused', async () => {
    fakeServer({
      'POST /api/webhooks/whk_1/resume': () => ({
        status: 404,
        body: { message: 'there is no webhook with id "whk_1"', code: 'not_found', requestId: 'req_1' },
      }),
    });
    render(<WebhookActions webhook={{ ...hook, status: 'paused' }} onChanged={vi.fn()} />);
    expect((screen.getByRole('button', { name: 'Redeliver failed deliveries of CRM sync' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Resume CRM sync' }));
    expect((await screen.findByRole('alert')).textContent).toBe('there is no webhook with id "whk_1"');
  });
});
