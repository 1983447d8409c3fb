import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Channel, EventType, Webhook } from './api';
import { buildRegistration, emptyForm, validate } from './registration';
import { WebhookForm } from './WebhookForm';
import { WebhooksPage } from './WebhooksPage';
import { fakeServer } from './fakeServer';

const eventTypes: EventType[] = [
  { name: 'ADD_TAG', label: 'Tag added', description: 'A tag was added to a customer.', group: 'chat', schema: {}, example: {} },
  { name: 'REMOVE_TAG', label: 'Tag removed', description: 'A tag was removed from a customer.', group: 'chat', schema: {}, example: {} },
  {
    name: 'MESSAGE_RECEIVED',
    label: 'Message received',
    description: 'A customer sent a message.',
    group: 'chat',
    schema: {},
    example: {},
  },
];
const channels: Channel[] = [
  { number: '919876543210', name: 'Sales', kind: 'waba', createdAt: '2026-03-01T09:00:00Z' },
  { number: '919000000000', name: 'Support', kind: 'waba', createdAt: '2026-03-01T09:00:00Z' },
];

// The order of the fields in seed 001's example body.
const seedOrder = ['method', 'headers', 'body', 'query', 'authorization', 'url', 'bodyFormat', 'webhookEvents', 'retryOnTimeout', 'name', 'wabaNumbers'];

const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwAAAAAAAAAAA=';

function webhook(over: Partial<Webhook> = {}): Webhook {
  return {
    id: 'whk_1',
    name: 'CRM sync',
    method: 'POST',
    url: 'https://crm.example.com/hooks/hookflow',
    headers: {},
    body: {},
    query: {},
    authorization: { type: 'BEARER', payload: '[redacted]' },
    bodyFormat: 'JSON',
    webhookEvents: ['ADD_TAG'],
    retryOnTimeout: true,
    wabaNumbers: ['919876543210'],
    status: 'active',
    createdAt: '2026-03-01T09:00:00Z',
    updatedAt: '2026-03-01T09:00:00Z',
    health: { successRate: null, attempts: 0, lastError: '', lastSuccessAt: null, lastFailureAt: null, failingSince: null },
    ...over,
  };
}

function renderForm() {
  const onDone = vi.fn();
  render(<WebhookForm eventTypes={eventTypes} channels={channels} onDone={onDone} onCancel={vi.fn()} navigate={vi.fn()} />);
  return { onDone, form: screen.getByRole('form', { name: 'New webhook' }) };
}

afterEach(() => vi.unstubAllGlobals());

describe('WebhookForm', () => {
  it('names every missing field and sends nothing', () => {
    const calls = fakeServer({});
    const { form } = renderForm();
    fireEvent.click(within(form).getByRole('button', { name: 'Register webhook' }));
    expect(screen.getByText(/Give the webhook a name/)).toBeTruthy();
    expect(screen.getByText(/Enter the address hookflow should call/)).toBeTruthy();
    expect(screen.getByText('Pick at least one event.')).toBeTruthy();
    expect(screen.getByText('Pick at least one business number.')).toBeTruthy();
    expect(within(form).getByLabelText('Webhook name').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(within(form).getByLabelText('URL'), { target: { value: 'crm.example.com/hooks' } });
    expect(screen.getByText(/starts with https:\/\/ or http:\/\//)).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it('asks for the authorization payload and refuses reserved body fields', () => {
    expect(validate({ ...emptyForm, authType: 'BASIC' }).authPayload).toMatch(/user:password/);
    expect(validate({ ...emptyForm, body: { data: 'x', source: 'y' } }).body).toMatch(/^data cannot be used/);
    expect(buildRegistration(emptyForm).authorization).toEqual({});
  });

  it('sends the body of seed 001, in its order, picked from the catalog and the channels', async () => {
    const calls = fakeServer({
      'POST /api/webhooks': () => ({
        status: 201,
        body: {
          validWebhooks: [{ wabaNumber: '919876543210', webhookEventType: 'ADD_TAG' }],
          invalidWebhooks: [],
          invalidWabaNumbers: [],
          id: 'whk_1',
          signingSecret: secret,
        },
      }),
    });
    const { form } = renderForm();
    fireEvent.change(within(form).getByLabelText('Webhook name'), { target: { value: '  CRM sync ' } });
    fireEvent.change(within(form).getByLabelText('URL'), { target: { value: 'https://crm.example.com/hooks/hookflow' } });
    fireEvent.change(within(form).getByLabelText('Method'), { target: { value: 'PUT' } });
    fireEvent.change(within(form).getByLabelText('Search events'), { target: { value: 'removed' } });
    expect(within(form).queryByText('Tag added')).toBeNull();
    fireEvent.click(within(form).getByRole('checkbox', { name: /Tag removed/ }));
    fireEvent.change(within(form).getByLabelText('Search events'), { target: { value: 'customer sent' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /Message received/ }));
    fireEvent.click(within(form).getByRole('checkbox', { name: /Support/ }));
    fireEvent.change(within(form).getByLabelText('Type'), { target: { value: 'BEARER' } });
    const token = within(form).getByLabelText('Token');
    expect(token.getAttribute('type')).toBe('password');
    fireEvent.change(token, { target: { value: 'endpoint-token' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /Retry when the endpoint/ }));
    fireEvent.click(within(form).getByRole('button', { name: 'Register webhook' }));

    await screen.findByRole('region', { name: 'Signing secret' });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/api/webhooks');
    expect(call.headers['Content-Type']).toBe('application/json');
    expect(Object.keys(JSON.parse(call.raw))).toEqual(seedOrder);
    expect(call.body).toEqual({
      method: 'PUT',
      headers: {},
      body: {},
      query: {},
      authorization: { type: 'BEARER', payload: 'endpoint-token' },
      url: 'https://crm.example.com/hooks/hookflow',
      bodyFormat: 'JSON',
      webhookEvents: ['REMOVE_TAG', 'MESSAGE_RECEIVED'],
      retryOnTimeout: false,
      name: 'CRM sync',
      wabaNumbers: ['919000000000'],
    });
  });

  it('says plainly when nothing could be registered', async () => {
    fakeServer({
      'POST /api/webhooks': () => ({
        status: 201,
        body: { validWebhooks: [], invalidWebhooks: ['ADD_TAG'], invalidWabaNumbers: ['919876543210'] },
      }),
    });
    const { form } = renderForm();
    fireEvent.change(within(form).getByLabelText('Webhook name'), { target: { value: 'CRM sync' } });
    fireEvent.change(within(form).getByLabelText('URL'), { target: { value: 'https://crm.example.com/hooks' } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /Tag added/ }));
    fireEvent.click(within(form).getByRole('checkbox', { name: /Sales/ }));
    fireEvent.click(within(form).getByRole('button', { name: 'Register webhook' }));
    const alert = await screen.findByText(/Nothing was registered/);
    expect(alert.textContent).toMatch(/not known to hookflow and was left out: ADD_TAG/);
    expect(alert.textContent).toMatch(/not a business number of this installation and was left out: 919876543210/);
    expect(screen.queryByRole('region', { name: 'Signing secret' })).toBeNull();
  });
});

describe('WebhooksPage', () => {
  it('shows the signing secret once, with what was left out, then only the list', async () => {
    let stored: Webhook[] = [];
    const longUrl = `https://crm.example.com/${'very-long-path-segment/'.repeat(20)}hook`;
    fakeServer({
      'GET /api/webhooks': () => ({ body: { items: stored } }),
      'GET /api/event-types': () => ({ body: { items: eventTypes } }),
      'GET /api/channels': () => ({ body: { items: channels } }),
      'POST /api/webhooks': () => {
        stored = [webhook({ url: longUrl })];
        return {
          status: 201,
          body: {
            validWebhooks: [{ wabaNumber: '919876543210', webhookEventType: 'ADD_TAG' }],
            invalidWebhooks: [],
            invalidWabaNumbers: ['919000000001'],
            id: 'whk_1',
            signingSecret: secret,
          },
        };
      },
    });
    render(<WebhooksPage navigate={vi.fn()} />);
    await screen.findByText('No webhooks yet');
    fireEvent.click(screen.getByRole('button', { name: 'New webhook' }));
    const form = await screen.findByRole('form', { name: 'New webhook' });
    fireEvent.change(within(form).getByLabelText('Webhook name'), { target: { value: 'CRM sync' } });
    fireEvent.change(within(form).getByLabelText('URL'), { target: { value: longUrl } });
    fireEvent.click(within(form).getByRole('checkbox', { name: /Tag added/ }));
    fireEvent.click(within(form).getByRole('checkbox', { name: /Sales/ }));
    fireEvent.click(within(form).getByRole('button', { name: 'Register webhook' }));

    const shown = await screen.findByRole('region', { name: 'Signing secret' });
    expect((within(shown).getByLabelText('Signing secret') as HTMLInputElement).value).toBe(secret);
    expect(within(shown).getByRole('note').textContent).toMatch(/Shown only this once/);
    expect(screen.getByText(/not a business number/).textContent).toMatch(/919000000001/);
    expect(within(shown).getByRole('button', { name: 'Copy' })).toBeTruthy();

    fireEvent.click(within(shown).getByRole('button', { name: 'I have stored it' }));
    const card = await screen.findByRole('listitem', { name: 'CRM sync' });
    expect(within(card).getByText(longUrl).className).toBe('wh-url');
    expect(within(card).getByText('active')).toBeTruthy();
    expect(document.body.textContent).not.toContain(secret);
    expect(screen.queryByDisplayValue(secret)).toBeNull();
  });

  it('shows status, health and the failure streak of each webhook', async () => {
    fakeServer({
      'GET /api/webhooks': () => ({
        body: {
          items: [
            webhook({
              status: 'disabled',
              statusReason: 'every attempt failed for 5 days, since 2026-03-02T09:00:00Z',
              health: {
                successRate: 0.25,
                attempts: 8,
                lastError: 'the endpoint answered 503 Service Unavailable',
                lastSuccessAt: '2026-03-01T09:00:00Z',
                lastFailureAt: '2026-03-07T09:00:00Z',
                failingSince: '2026-03-02T09:00:00Z',
              },
            }),
          ],
        },
      }),
    });
    render(<WebhooksPage navigate={vi.fn()} />);
    const card = await screen.findByRole('listitem', { name: 'CRM sync' });
    expect(within(card).getByText('disabled')).toBeTruthy();
    expect(within(card).getByText(/every attempt failed for 5 days/)).toBeTruthy();
    expect(within(card).getByText('25 % of the last 8 attempts succeeded')).toBeTruthy();
    expect(within(card).getByText(/Failing since .*503 Service Unavailable/)).toBeTruthy();
    expect(within(card).getByRole('button', { name: 'Resume CRM sync' })).toBeTruthy();
  });
});
