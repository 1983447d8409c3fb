// The outbound webhook registry as the studio calls it: /api/webhooks (the
// registration API's bodies, with the session cookie) and the delivery log.
// The event catalog and channels the form picks from are in ../catalog/api.
import { must, request } from '../api/client';
import type { components } from '../api/schema';

type Schemas = components['schemas'];

export type Webhook = Schemas['Webhook'];
export type WebhookHealth = Schemas['WebhookHealth'];
export type Registration = Schemas['WebhookRegistration'];
export type Registered = Schemas['WebhookRegistered'];
export type SecretRotation = Schemas['SecretRotation'];
export type Delivery = Schemas['Delivery'];
export type DeliveryAttempt = Schemas['DeliveryAttempt'];
export type DeliveryStatus = Delivery['status'];
export type { Channel, EventType } from '../catalog/api';

export interface DeliveryFilter {
  subscriptionId: string;
  status?: DeliveryStatus | '';
  eventType?: string;
  cursor?: string;
  limit?: number;
}

const enc = encodeURIComponent;

export const webhooksApi = {
  list: async () => (await must(request<{ items: Webhook[] }>('GET', '/api/webhooks'))).items,
  get: (id: string) => must(request<Webhook>('GET', `/api/webhooks/${enc(id)}`)),
  register: (body: Registration) => must(request<Registered>('POST', '/api/webhooks', { body })),
  update: (id: string, body: Registration) => must(request<Registered>('PUT', `/api/webhooks/${enc(id)}`, { body })),
  remove: (id: string) => request<null>('DELETE', `/api/webhooks/${enc(id)}`),
  pause: (id: string) => must(request<Webhook>('POST', `/api/webhooks/${enc(id)}/pause`)),
  resume: (id: string) => must(request<Webhook>('POST', `/api/webhooks/${enc(id)}/resume`)),
  rotateSecret: (id: string) => must(request<SecretRotation>('POST', `/api/webhooks/${enc(id)}/rotate-secret`)),
  redeliverFailed: async (id: string) =>
    (await must(request<{ redelivered: number }>('POST', `/api/webhooks/${enc(id)}/redeliver-failed`))).redelivered,
  deliveries: (f: DeliveryFilter) => {
    const q = new URLSearchParams({ subscriptionId: f.subscriptionId, limit: String(f.limit ?? 25) });
    if (f.status) q.set('status', f.status);
    if (f.eventType) q.set('eventType', f.eventType);
    if (f.cursor) q.set('cursor', f.cursor);
    return must(request<{ items: Delivery[]; next: string }>('GET', `/api/deliveries?${q.toString()}`));
  },
  delivery: (id: string) => must(request<Delivery>('GET', `/api/deliveries/${enc(id)}`)),
  redeliver: (id: string) => must(request<Delivery>('POST', `/api/deliveries/${enc(id)}/redeliver`)),
};
