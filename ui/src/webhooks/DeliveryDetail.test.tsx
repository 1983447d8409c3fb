import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/react';
import type { Delivery } from './api';
import { DeliveryDetail } from './DeliveryDetail';
import { DeliveryLog } from './DeliveryLog';
import { fakeServer } from './fakeServer';

const delivery: Delivery = {
  id: 'dlv_abc',
  subscriptionId: 'whk_1',
  eventId: 'evt_1',
  eventType: 'ADD_TAG',
  channel: '919876543210',
  data: { tag: 'vip', customer: { phoneNumber: '+911234' } },
  eventAt: '2026-03-02T09:00:00Z',
  status: 'succeeded',
  tries: 2,
  attemptCount: 2,
  createdAt: '2026-03-02T09:00:00Z',
  attempts: [
    {
      at: '2026-03-02T09:00:00Z',
      method: 'POST',
      url: 'https://crm.example.com/hooks/hookflow?token=abc',
      requestHeaders: {
        Authorization: '[redacted]',
        'Content-Type': 'application/json',
        'Webhook-Id': 'dlv_abc',
        'Webhook-Signature': '[redacted]',
        'X-Team': 'ops',
      },
      status: 503,
      latencyMs: 42,
      error: 'the endpoint answered 503 Service Unavailable',
      response: '{"error":"maintenance"}',
    },
    {
      at: '2026-03-02T09:00:05Z',
      method: 'POST',
      url: 'https://crm.example.com/hooks/hookflow?token=abc',
      requestHeaders: { Authorization: '[redacted]', 'Webhook-Signature': '[redacted]' },
      status: 200,
      latencyMs: 7,
      response: '',
    },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('DeliveryDetail', () => {
  it('shows the event data and every attempt, newest first, with headers, status, latency, error and answer', async () => {
    fakeServer({ 'GET /api/deliveries/dlv_abc': () => ({ body: delivery }) });
    render(<DeliveryDetail deliveryId="dlv_abc" />);
    const attempts = await screen.findAllByRole('listitem', { name: /^Attempt/ });
    expect(attempts.map((a) => a.getAttribute('aria-label'))).toEqual(['Attempt 2', 'Attempt 1']);

    const [ok, failed] = attempts as [HTMLElement, HTMLElement];
    expect(within(ok).getByText('HTTP 200')).toBeTruthy();
    expect(within(ok).getByText('7 ms')).toBeTruthy();
    expect(within(ok).getByText('The answer had no body.')).toBeTruthy();

    expect(within(failed).getByText('HTTP 503')).toBeTruthy();
    expect(within(failed).getByText('42 ms')).toBeTruthy();
    expect(within(failed).getByText('the endpoint answered 503 Service Unavailable')).toBeTruthy();
    expect(within(failed).getByText('{"error":"maintenance"}')).toBeTruthy();
    expect(within(failed).getByText('https://crm.example.com/hooks/hookflow?token=abc')).toBeTruthy();
    const headers = within(failed).getByRole('table');
    const row = (name: string) => within(headers).getByRole('rowheader', { name }).closest('tr')!.textContent;
    expect(row('Authorization')).toBe('Authorization[redacted]');
    expect(row('Webhook-Signature')).toBe('Webhook-Signature[redacted]');
    expect(row('X-Team')).toBe('X-Teamops');

    expect(screen.getByText('ADD_TAG')).toBeTruthy();
    expect(screen.getByRole('tree').textContent).toContain('vip');
  });

  it('names a timeout and an attempt that got no answer', async () => {
    const noAnswer: Delivery = {
      ...delivery,
      status: 'failed',
      attemptCount: 2,
      attempts: [
        { at: '2026-03-02T09:00:00Z', method: 'POST', url: 'https://x.example', requestHeaders: {}, status: 0, latencyMs: 15000, timeout: true, error: 'no answer within 15 s' },
        { at: '2026-03-02T09:00:05Z', method: 'POST', url: 'https://x.example', requestHeaders: {}, status: 0, latencyMs: 3, error: 'connection refused' },
      ],
    };
    fakeServer({ 'GET /api/deliveries/dlv_abc': () => ({ body: noAnswer }) });
    render(<DeliveryDetail deliveryId="dlv_abc" />);
    expect(await screen.findByText('timed out')).toBeTruthy();
    expect(screen.getByText('no answer')).toBeTruthy();
    expect(screen.getByText('connection refused')).toBeTruthy();
  });

  it('sends a delivery again and says so', async () => {
    const calls = fakeServer({
      'GET /api/deliveries/dlv_abc': () => ({ body: delivery }),
      'POST /api/deliveries/dlv_abc/redeliver': () => ({ status: 202, body: { ...delivery, status: 'pending', data: undefined, attempts: undefined } }),
    });
    const onChanged = vi.fn();
    render(<DeliveryDetail deliveryId="dlv_abc" onChanged={onChanged} />);
    // Wait for the delivery itself, so the click lands on the loaded view.
    await screen.findAllByRole('listitem', { name: /^Attempt/ });
    fireEvent.click(screen.getByRole('button', { name: 'Redeliver' }));
    expect(await screen.findByText(/Sent again/)).toBeTruthy();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toContain('POST /api/deliveries/dlv_abc/redeliver');
    expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ status: 'pending' }));
    expect(screen.getAllByRole('listitem', { name: /^Attempt/ })).toHaveLength(2);
  });
});

describe('DeliveryLog', () => {
  it('filters by status and event, pages on, and opens a delivery', async () => {
    const calls = fakeServer({
      'GET /api/deliveries': (c) => {
        const q = new URL(c.path, 'http://x').searchParams;
        const item = { ...delivery, data: undefined, attempts: undefined };
        if (q.get('cursor') === 'c2') return { body: { items: [{ ...item, id: 'dlv_old' }], next: '' } };
        return { body: { items: [item], next: 'c2' } };
      },
      'GET /api/deliveries/dlv_abc': () => ({ body: delivery }),
    });
    render(<DeliveryLog webhookId="whk_1" eventTypes={['ADD_TAG', 'REMOVE_TAG']} />);
    await screen.findByRole('button', { name: 'Details of delivery dlv_abc' });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    fireEvent.change(screen.getByLabelText('Event'), { target: { value: 'ADD_TAG' } });
    fireEvent.click(await screen.findByRole('button', { name: 'Older deliveries' }));
    await screen.findByRole('button', { name: 'Details of delivery dlv_old' });
    const paths = calls.map((c) => c.path);
    expect(paths).toContain('/api/deliveries?subscriptionId=whk_1&limit=25&status=failed&eventType=ADD_TAG');
    expect(paths).toContain('/api/deliveries?subscriptionId=whk_1&limit=25&status=failed&eventType=ADD_TAG&cursor=c2');

    fireEvent.click(screen.getByRole('button', { name: 'Details of delivery dlv_abc' }));
    expect(await screen.findByRole('region', { name: 'Delivery dlv_abc' })).toBeTruthy();
  });
});
