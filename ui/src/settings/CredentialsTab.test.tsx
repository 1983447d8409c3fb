import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { fakeServer } from '../webhooks/fakeServer';
import type { Credential, CredentialType } from './api';
import { CredentialsTab } from './CredentialsTab';

const types: CredentialType[] = [
  {
    type: 'basic',
    label: 'Username and password',
    help: 'Sent as HTTP Basic authentication.',
    fields: [
      { name: 'username', label: 'Username', required: true },
      { name: 'password', label: 'Password', secret: true, required: true },
    ],
  },
  {
    type: 'google',
    label: 'Google',
    help: 'A service account, or an OAuth client and refresh token.',
    fields: [
      { name: 'authType', label: 'Kind', required: true, default: 'serviceAccount', options: ['serviceAccount', 'oauth'] },
      { name: 'serviceAccountJson', label: 'Service account key (JSON)', secret: true, required: true, multiline: true, when: { field: 'authType', equals: ['serviceAccount'] } },
      { name: 'clientEmail', label: 'Service account email', derived: true, when: { field: 'authType', equals: ['serviceAccount'] } },
      { name: 'clientId', label: 'Client ID', required: true, when: { field: 'authType', equals: ['oauth'] } },
      { name: 'clientSecret', label: 'Client secret', secret: true, required: true, when: { field: 'authType', equals: ['oauth'] } },
    ],
  },
];

const password = 'correct horse battery staple';

function stored(over: Partial<Credential> = {}): Credential {
  return {
    id: 'crd_1',
    name: 'CRM login',
    type: 'basic',
    fields: { username: 'ops' },
    secrets: { password: 'set' },
    createdAt: '2026-03-01T09:00:00Z',
    updatedAt: '2026-03-01T09:00:00Z',
    ...over,
  };
}

afterEach(() => vi.unstubAllGlobals());

describe('CredentialsTab', () => {
  it('renders a type’s fields, secrets as password inputs, and after saving shows them as set, never their value', async () => {
    const calls = fakeServer({
      'GET /api/credential-types': () => ({ body: { items: types } }),
      'GET /api/credentials': () => ({ body: { items: [] } }),
      'POST /api/credentials': () => ({ status: 201, body: stored() }),
    });
    render(<CredentialsTab />);
    await screen.findByText('No credentials yet');
    fireEvent.click(screen.getByRole('button', { name: 'New credential' }));
    const form = screen.getByRole('form', { name: 'New credential' });

    fireEvent.click(within(form).getByRole('button', { name: 'Save credential' }));
    expect(within(form).getByText(/Give the credential a name/)).toBeTruthy();
    expect(within(form).getByText('Password is required.')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);

    const secret = within(form).getByLabelText('Password');
    expect(secret.getAttribute('type')).toBe('password');
    expect(within(form).getByLabelText('Username').getAttribute('type')).toBe('text');
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'CRM login' } });
    fireEvent.change(within(form).getByLabelText('Username'), { target: { value: 'ops' } });
    fireEvent.change(secret, { target: { value: password } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save credential' }));

    const row = (await screen.findByRole('cell', { name: 'CRM login' })).closest('tr')!;
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'CRM login', type: 'basic', fields: { username: 'ops', password } });
    expect(within(row).getByText('set')).toBeTruthy();
    expect(screen.queryByRole('form')).toBeNull();
    expect(document.body.textContent).not.toContain(password);
    expect(screen.queryByDisplayValue(password)).toBeNull();
  });

  it('shows only the fields that apply and leaves derived ones out', async () => {
    const calls = fakeServer({
      'GET /api/credential-types': () => ({ body: { items: types } }),
      'GET /api/credentials': () => ({ body: { items: [] } }),
      'POST /api/credentials': () => ({ status: 201, body: stored({ id: 'crd_2', name: 'Sheets', type: 'google', fields: { authType: 'oauth', clientId: 'abc' }, secrets: { clientSecret: 'set' } }) }),
    });
    render(<CredentialsTab />);
    await screen.findByText('No credentials yet');
    fireEvent.click(screen.getByRole('button', { name: 'New credential' }));
    const form = screen.getByRole('form', { name: 'New credential' });
    fireEvent.change(within(form).getByLabelText('Type'), { target: { value: 'google' } });
    expect(within(form).getByLabelText('Service account key (JSON)').getAttribute('type')).toBe('password');
    expect(within(form).queryByLabelText('Service account email')).toBeNull();
    expect(within(form).queryByLabelText('Client ID')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Kind'), { target: { value: 'oauth' } });
    expect(within(form).queryByLabelText('Service account key (JSON)')).toBeNull();
    fireEvent.change(within(form).getByLabelText('Name'), { target: { value: 'Sheets' } });
    fireEvent.change(within(form).getByLabelText('Client ID'), { target: { value: 'abc' } });
    fireEvent.change(within(form).getByLabelText('Client secret'), { target: { value: 'shh' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save credential' }));
    await screen.findByRole('cell', { name: 'Sheets' });
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      name: 'Sheets',
      type: 'google',
      fields: { authType: 'oauth', clientId: 'abc', clientSecret: 'shh' },
    });
  });

  it('keeps a set secret when it is left empty, and pins server problems to their field', async () => {
    let tries = 0;
    const calls = fakeServer({
      'GET /api/credential-types': () => ({ body: { items: types } }),
      'GET /api/credentials': () => ({ body: { items: [stored()] } }),
      'PUT /api/credentials/crd_1': () =>
        ++tries === 1
          ? {
              status: 400,
              body: {
                message: 'the credential has problems: username: must not contain a colon',
                code: 'invalid_credential',
                requestId: 'req_1',
                problems: [{ nodeId: '', field: 'username', message: 'must not contain a colon' }],
              },
            }
          : { body: stored({ fields: { username: 'ops2' } }) },
    });
    render(<CredentialsTab />);
    fireEvent.click(await screen.findByRole('button', { name: 'Change CRM login' }));
    const form = screen.getByRole('form', { name: 'Change CRM login' });
    const secret = within(form).getByLabelText('Password') as HTMLInputElement;
    expect(secret.value).toBe('');
    expect(secret.placeholder).toMatch(/leave empty to keep/);
    expect(within(form).getByText('set')).toBeTruthy();

    fireEvent.change(within(form).getByLabelText('Username'), { target: { value: 'ops:2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    expect(await within(form).findByText('must not contain a colon')).toBeTruthy();
    expect(within(form).getByLabelText('Username').getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(within(form).getByLabelText('Username'), { target: { value: 'ops2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save changes' }));
    await screen.findByText(/is saved/);
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.body)).toEqual([
      { name: 'CRM login', type: 'basic', fields: { username: 'ops:2' } },
      { name: 'CRM login', type: 'basic', fields: { username: 'ops2' } },
    ]);
  });

  it('deletes a credential only after confirmation', async () => {
    const calls = fakeServer({
      'GET /api/credential-types': () => ({ body: { items: types } }),
      'GET /api/credentials': () => ({ body: { items: [stored()] } }),
      'GET /api/credentials/crd_1/uses': () => ({ body: { items: [] } }),
      'DELETE /api/credentials/crd_1': () => ({ status: 204 }),
    });
    render(<CredentialsTab />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete CRM login' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete CRM login?' });
    expect(await within(dialog).findByText(/No flow uses it/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete CRM login' }));
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete credential' }));
    expect(await screen.findByText('No credentials yet')).toBeTruthy();
    expect(calls.filter((c) => c.method === 'DELETE').map((c) => c.path)).toEqual(['/api/credentials/crd_1?force=true']);
  });

  it('names the flows and steps that use a credential before deleting it', async () => {
    fakeServer({
      'GET /api/credential-types': () => ({ body: { items: types } }),
      'GET /api/credentials': () => ({ body: { items: [stored()] } }),
      'GET /api/credentials/crd_1/uses': () => ({
        body: {
          items: [
            { flowId: 'flw_1', flowName: 'Assigned chat → CRM', steps: ['crm'] },
            { flowId: 'flw_2', flowName: 'Leads', steps: ['crm', 'crm_2'] },
          ],
        },
      }),
    });
    render(<CredentialsTab />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete CRM login' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete CRM login?' });
    expect(within(dialog).getByText('Checking which flows use it…')).toBeTruthy();
    expect(await within(dialog).findByText('2 flows use it')).toBeTruthy();
    const link = within(dialog).getByRole('link', { name: 'Assigned chat → CRM' });
    expect(link.getAttribute('href')).toBe('/flows/flw_1');
    expect(within(dialog).getByText(/\(steps crm, crm_2\)/)).toBeTruthy();
  });

  it('still lets a credential be deleted when its uses cannot be read', async () => {
    fakeServer({
      'GET /api/credential-types': () => ({ body: { items: types } }),
      'GET /api/credentials': () => ({ body: { items: [stored()] } }),
      'GET /api/credentials/crd_1/uses': () => ({ status: 500, body: { message: 'store down', code: 'internal' } }),
    });
    render(<CredentialsTab />);
    fireEvent.click(await screen.findByRole('button', { name: 'Delete CRM login' }));
    const dialog = screen.getByRole('dialog', { name: 'Delete CRM login?' });
    expect(await within(dialog).findByText(/fail until they are given another one/)).toBeTruthy();
  });
});
