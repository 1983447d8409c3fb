// The one place the studio talks to the server. The session cookie set by
// POST /api/session authenticates every call; errors become ApiError with
// the server's plain-language message.
import type {
  APIKey,
  ApiErrorBody,
  Credential,
  Flow,
  FlowInput,
  InboxEntry,
  NodeSpec,
  Problem,
  Run,
  Sample,
} from './types';

/** ApiError is an answer other than 2xx, with the server's message. */
export class ApiError extends Error {
  readonly status: number;
  readonly problems: Problem[];

  constructor(status: number, message: string, problems: Problem[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.problems = problems;
  }
}

/** Listeners told when the server says the session is gone (401). */
const signedOutListeners = new Set<() => void>();

export function onSignedOut(fn: () => void): () => void {
  signedOutListeners.add(fn);
  return () => signedOutListeners.delete(fn);
}

function isErrorBody(v: unknown): v is ApiErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string';
}

async function toError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy's page or an empty answer
  }
  if (isErrorBody(body)) {
    return new ApiError(res.status, body.message, body.problems ?? []);
  }
  if (res.status === 404) {
    return new ApiError(404, 'The server does not know this address. It may be an older hookflow.');
  }
  return new ApiError(res.status, `The server answered ${res.status} ${res.statusText}.`);
}

export interface RequestOptions {
  body?: unknown;
  signal?: AbortSignal;
  /** Do not treat 401 as a lost session (the sign-in call itself). */
  quiet401?: boolean;
}

/** send calls the API and returns the answer when it is 2xx; other answers throw ApiError. */
export async function send(method: string, path: string, opts: RequestOptions & { accept?: string } = {}): Promise<Response> {
  // Every call that changes something is JSON, with a body or not: the
  // server refuses others signed in by the session cookie (CSRF).
  const headers: Record<string, string> = method === 'GET' ? {} : { 'Content-Type': 'application/json' };
  if (opts.accept) headers.Accept = opts.accept;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Cannot reach the hookflow server. Check that it is running.');
  }
  if (res.status === 401 && !opts.quiet401) {
    signedOutListeners.forEach((fn) => fn());
  }
  if (!res.ok) throw await toError(res);
  return res;
}

/** request calls the API and decodes the JSON answer; 204 gives null. */
export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T | null> {
  const res = await send(method, path, opts);
  if (res.status === 204) return null;
  return (await res.json()) as T;
}

export async function must<T>(p: Promise<T | null>): Promise<T> {
  const v = await p;
  if (v === null) throw new ApiError(204, 'The server sent an empty answer.');
  return v;
}

const enc = encodeURIComponent;

export const api = {
  signIn: (key: string) =>
    must(request<{ apiKey: APIKey }>('POST', '/api/session', { body: { key }, quiet401: true })),
  signOut: () => request<null>('DELETE', '/api/session'),
  nodeTypes: async () => (await must(request<{ items: NodeSpec[] }>('GET', '/api/node-types'))).items,
  flows: async () => (await must(request<{ items: Flow[] }>('GET', '/api/flows'))).items,
  flow: (id: string) => must(request<Flow>('GET', `/api/flows/${enc(id)}`)),
  createFlow: (input: FlowInput) => must(request<Flow>('POST', '/api/flows', { body: input })),
  saveFlow: (id: string, input: FlowInput) => must(request<Flow>('PUT', `/api/flows/${enc(id)}`, { body: input })),
  deleteFlow: (id: string) => request<null>('DELETE', `/api/flows/${enc(id)}`),
  publish: (id: string) => must(request<Flow>('POST', `/api/flows/${enc(id)}/publish`)),
  activate: (id: string) => must(request<Flow>('POST', `/api/flows/${enc(id)}/activate`)),
  pause: (id: string) => must(request<Flow>('POST', `/api/flows/${enc(id)}/pause`)),
  runs: (flowId: string, cursor = '') =>
    must(request<{ items: Run[]; next: string }>('GET', `/api/runs?flowId=${enc(flowId)}&cursor=${enc(cursor)}&limit=50`)),
  run: (id: string) => must(request<Run>('GET', `/api/runs/${enc(id)}`)),
  credentials: async () => (await must(request<{ items: Credential[] }>('GET', '/api/credentials'))).items,
  samples: async (flowId: string) =>
    (await must(request<{ samples: Record<string, Sample> }>('GET', `/api/flows/${enc(flowId)}/samples`))).samples,
  inbox: async (flowId: string, nodeId: string) =>
    (await must(request<{ items: InboxEntry[] }>('GET', `/api/flows/${enc(flowId)}/nodes/${enc(nodeId)}/inbox`))).items,
};

/** message gives the words to show for any error. */
export function message(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return 'Something went wrong.';
}
