import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeServer } from '../webhooks/fakeServer';
import type { APIKey } from './api';
import { KeysTab } from './KeysTab';

const admin: APIKey = { id: 'key_admin', name: 'admin', prefix: 'hfk_ab12cd', admin: true, createdAt: '2026-03-01T09:00:00Z' };
const zapier: APIKey = { id: 'key_zap', name: 'Zapier', prefix: 'hfk_ef34gh', admin: false, createdAt: '2026-03-02T09:00:00Z' };
const newKey = 'hfk_9f8e7d6c5b4a39281706f5e4d3c2b1a0';

afterEach(() => vi.unstubAllGlobals());

function server(keys: APIKey[], me: APIKey = admin) {
  let list = [...keys];
  return fakeServer({
    'GET /api/keys': () => ({ body: { items: list } }),
    'GET /api/session': () => ({ body: { apiKey: me } }),
    'POST /api/keys': (c) => {
      const { name } = c.body as { name: string };
      const apiKey = { ...zapier, id: 'key_new', name, prefix: newKey.slice(0, 10) };
      list = [...list, apiKey];
      return { status: 201, body: { key: newKey, apiKey, message: 'store this key now: it is not shown again' } };
    },
    'DELETE /api/keys/key_zap': () => {
      list = list.filter((k) => k.id !== 'key_zap');
      return { status: 204 };
    },
  });
}

describe('KeysTab', () => {
  it('tells a browser signed in with a key that is not an admin key that it cannot manage keys', async () => {
    const calls = server([admin, zapier], zapier);
    render(<KeysTab />);
    await screen.findByRole('cell', { name: /Zapier/ });
    expect(screen.queryByRole('form', { name: 'New API key' })).toBeNull();
    expect(screen.getByText(/signed in with a key that is not an admin key/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Revoke admin' }));
    expect(screen.getByRole('alert').textContent).toMatch(/Only an admin key can revoke API keys/);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
  });

  it('shows a new key once, with a copy button, and never again', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    const calls = server([admin]);
    render(<KeysTab />);
    await screen.findByRole('cell', { name: /admin/ });
    const form = screen.getByRole('form', { name: 'New API key' });
    fireEvent.click(within(form).getByRole('button', { name: 'Make key' }));
    expect(within(form).getByRole('alert').textContent).toMatch(/Name the key/);
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'CRM sync' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Make key' }));

    const shown = await screen.findByRole('region', { name: /New API key/ });
    expect((within(shown).getByRole('textbox') as HTMLInputElement).value).toBe(newKey);
    expect(within(shown).getByRole('note').textContent).toMatch(/Shown only this once.*cannot show it again/);
    fireEvent.click(within(shown).getByRole('button', { name: 'Copy' }));
    expect(await within(shown).findByText('Copied to the clipboard.')).toBeTruthy();
    expect(writeText).toHaveBeenCalledWith(newKey);
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'CRM sync', admin: false });
    expect(screen.getByRole('cell', { name: 'CRM sync' })).toBeTruthy();

    fireEvent.click(within(shown).getByRole('button', { name: 'I have stored it' }));
    expect(screen.queryByRole('region', { name: /New API key/ })).toBeNull();
    expect(document.body.textContent).not.toContain(newKey);
    expect(screen.queryByDisplayValue(newKey)).toBeNull();
    expect(screen.getByRole('form', { name: 'New API key' })).toBeTruthy();
  });

  it('warns instead of revoking the key in use, and revokes another after confirmation', async () => {
    const calls = server([admin, zapier]);
    render(<KeysTab />);
    const mine = (await screen.findByText('in use by this browser')).closest('tr')!;
    expect(within(mine).getByText('admin')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Revoke admin' }));
    expect(screen.getByRole('alert').textContent).toMatch(/is the key this browser is signed in with, so it was not revoked/);
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Revoke Zapier' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke Zapier?' });
    expect(dialog.textContent).toMatch(/refused from now on/);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Revoke key' }));
    await vi.waitFor(() => expect(screen.queryByRole('cell', { name: 'Zapier' })).toBeNull());
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/keys/key_zap']);
  });
});
