import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/client';
import { capture, sseEvents } from './api';

function stream(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const ch of chunks) c.enqueue(enc.encode(ch));
      c.close();
    },
  });
}

const entry = { id: 'inb_1', flowId: 'flw_1', nodeId: 'trigger', receivedAt: '2026-11-22T10:00:00Z', data: { method: 'POST' }, rawBody: '{}', truncated: false };

function answer(status: number, body: BodyInit | null, type: string) {
  return new Response(body, { status, headers: { 'Content-Type': type } });
}

afterEach(() => vi.unstubAllGlobals());

describe('sseEvents', () => {
  it('reads events split across chunks and skips comments', async () => {
    const got = [];
    for await (const ev of sseEvents(stream([': waiting\n\n: still', ' waiting\n\nevent: req', 'uest\ndata: {"a":', '1}\n\n', 'data: x\ndata: y']))) {
      got.push(ev);
    }
    expect(got).toEqual([
      { event: 'request', data: '{"a":1}' },
      { event: 'message', data: 'x\ny' },
    ]);
  });
});

describe('capture', () => {
  const signal = new AbortController().signal;

  it('asks for an event stream and returns the request it carries', async () => {
    const fetch = vi.fn(async () =>
      answer(200, stream([': waiting for the next request\n\n', `event: request\ndata: ${JSON.stringify(entry)}\n\n`]), 'text/event-stream'),
    );
    vi.stubGlobal('fetch', fetch);
    expect(await capture('flw_1', 'trigger', 60, signal)).toEqual(entry);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/flows/flw_1/nodes/trigger/capture?wait=60s');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Accept).toContain('text/event-stream');
  });

  it('gives null on a timeout event, and an error in words on an error event', async () => {
    vi.stubGlobal('fetch', async () => answer(200, stream(['event: timeout\ndata: {"message":"no request came within 1m0s"}\n\n']), 'text/event-stream'));
    expect(await capture('f', 'n', 60, signal)).toBeNull();
    vi.stubGlobal('fetch', async () => answer(200, stream(['event: error\ndata: {"message":"the capture stopped: store closed"}\n\n']), 'text/event-stream'));
    await expect(capture('f', 'n', 60, signal)).rejects.toThrow('The capture stopped: store closed. Try again.');
  });

  it('takes a long-poll answer from a server without streams', async () => {
    vi.stubGlobal('fetch', async () => answer(200, JSON.stringify(entry), 'application/json'));
    expect(await capture('f', 'n', 60, signal)).toEqual(entry);
    vi.stubGlobal('fetch', async () => new Response(null, { status: 204 }));
    expect(await capture('f', 'n', 60, signal)).toBeNull();
  });

  it('says so when the stream ends without an event', async () => {
    vi.stubGlobal('fetch', async () => answer(200, stream([': waiting\n\n']), 'text/event-stream'));
    const err = await capture('f', 'n', 60, signal).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toMatch(/ended the capture before a request came/);
  });
});
