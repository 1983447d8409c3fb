// A stand-in for the hookflow server in component tests: fetch answers
// from a table of routes and every call is recorded.
import { configure } from '@testing-library/react';
import { vi } from 'vitest';

// The tests share a small machine with builds: wait long for the screen
// to settle rather than fail because a render came late. These are upper
// bounds, not timed assertions.
configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

export interface Call {
  method: string;
  /** Path and query, as the studio asked for it. */
  path: string;
  headers: Record<string, string>;
  /** The JSON body, parsed; undefined without one. */
  body: unknown;
  /** The body as sent, to check the order of its fields. */
  raw: string;
}

export type Answer = { status?: number; body?: unknown };
export type Route = (call: Call) => Answer;

/** fakeServer replaces fetch; routes are keyed "METHOD /path" (no query). */
export function fakeServer(routes: Record<string, Route>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = new URL(String(input), 'http://studio.test');
      const raw = typeof init?.body === 'string' ? init.body : '';
      const call: Call = {
        method: init?.method ?? 'GET',
        path: url.pathname + url.search,
        headers: (init?.headers ?? {}) as Record<string, string>,
        body: raw ? JSON.parse(raw) : undefined,
        raw,
      };
      calls.push(call);
      const route = routes[`${call.method} ${url.pathname}`];
      const answer: Answer = route
        ? route(call)
        : { status: 404, body: { message: `no route ${call.method} ${url.pathname}`, code: 'not_found', requestId: 'req_test' } };
      const status = answer.status ?? 200;
      return new Response(status === 204 ? null : JSON.stringify(answer.body ?? {}), {
        status,
        headers: { 'Content-Type': 'application/json' },
      });
    }),
  );
  return calls;
}
