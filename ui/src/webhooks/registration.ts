// The registration form's state and its translation to and from seed 001's body.
import type { Registration, Webhook } from './api';

/** WebhookFormState is what the person fills in; buildRegistration turns it into seed 001's body. */
export interface WebhookFormState {
  name: string;
  url: string;
  method: Registration['method'];
  bodyFormat: Registration['bodyFormat'];
  webhookEvents: string[];
  wabaNumbers: string[];
  retryOnTimeout: boolean;
  authType: '' | 'BASIC' | 'BEARER';
  authPayload: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: Record<string, string>;
  /** The authorization type whose payload is stored already (editing): left empty, it is kept. */
  storedAuthType: '' | 'BASIC' | 'BEARER';
  /** The stored body fields (editing), so that values that are not text keep their JSON type. */
  storedBody: Record<string, unknown>;
}

export const emptyForm: WebhookFormState = {
  name: '',
  url: '',
  method: 'POST',
  bodyFormat: 'JSON',
  webhookEvents: [],
  wabaNumbers: [],
  retryOnTimeout: true,
  authType: '',
  authPayload: '',
  headers: {},
  query: {},
  body: {},
  storedAuthType: '',
  storedBody: {},
};

function authType(t: string | undefined): WebhookFormState['authType'] {
  return t === 'BASIC' || t === 'BEARER' ? t : '';
}

/** formOf fills the form from a stored webhook, to change it. Its secrets are never in it. */
export function formOf(w: Webhook): WebhookFormState {
  const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  const body = (w.body ?? {}) as Record<string, unknown>;
  return {
    name: w.name,
    url: w.url,
    method: w.method as Registration['method'],
    bodyFormat: w.bodyFormat as Registration['bodyFormat'],
    webhookEvents: [...w.webhookEvents],
    wabaNumbers: [...w.wabaNumbers],
    retryOnTimeout: w.retryOnTimeout,
    authType: authType(w.authorization.type),
    authPayload: '',
    headers: { ...w.headers },
    query: { ...w.query },
    body: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, text(v)])),
    storedAuthType: w.authorization.payload ? authType(w.authorization.type) : '',
    storedBody: body,
  };
}

export type Field = 'name' | 'url' | 'webhookEvents' | 'wabaNumbers' | 'authPayload' | 'body';

const reservedBody = ['event', 'wabaNumber', 'data'];

/** validate lists what is wrong with the form, by field; empty when it can be sent. */
export function validate(f: WebhookFormState): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {};
  if (!f.name.trim()) problems.name = 'Give the webhook a name, such as "CRM sync".';
  else if (f.name.trim().length > 200) problems.name = 'The name can be at most 200 characters.';
  const url = f.url.trim();
  if (!url) problems.url = 'Enter the address hookflow should call, such as https://example.com/webhooks.';
  else if (!isHttpUrl(url)) problems.url = 'Enter a full address that starts with https:// or http://, such as https://example.com/webhooks.';
  if (f.webhookEvents.length === 0) problems.webhookEvents = 'Pick at least one event.';
  if (f.wabaNumbers.length === 0) problems.wabaNumbers = 'Pick at least one business number.';
  if (f.authType && !f.authPayload.trim() && f.authType !== f.storedAuthType) {
    problems.authPayload =
      f.authType === 'BASIC' ? 'Enter user:password, or a token encoded already.' : 'Enter the token your endpoint expects.';
  }
  const reserved = Object.keys(f.body).filter((k) => reservedBody.includes(k));
  if (reserved.length) problems.body = `${reserved.join(', ')} cannot be used: hookflow fills event, wabaNumber and data itself.`;
  return problems;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * buildRegistration is the request body of seed 001, its fields in that
 * document's order. An empty payload of the stored authorization type is
 * left out, which keeps the stored one.
 */
export function buildRegistration(f: WebhookFormState): Registration {
  const payload = f.authPayload.trim();
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f.body)) {
    const stored = f.storedBody[k];
    body[k] = typeof stored !== 'string' && stored !== undefined && JSON.stringify(stored) === v ? stored : v;
  }
  return {
    method: f.method,
    headers: f.headers,
    body,
    query: f.query,
    authorization: !f.authType ? {} : payload ? { type: f.authType, payload } : { type: f.authType },
    url: f.url.trim(),
    bodyFormat: f.bodyFormat,
    webhookEvents: f.webhookEvents,
    retryOnTimeout: f.retryOnTimeout,
    name: f.name.trim(),
    wabaNumbers: f.wabaNumbers,
  };
}
