// The capture calls of the trigger panel: Capture Response over SSE, the
// inbox and choosing a sample. The event catalog and the channels an event
// trigger picks from are in ../catalog/api.
import { ApiError, must, request, send } from '../api/client';
import type { InboxEntry, Sample } from '../api/types';

const enc = encodeURIComponent;
const nodePath = (flowId: string, nodeId: string) => `/api/flows/${enc(flowId)}/nodes/${enc(nodeId)}`;

/** SSEEvent is one event of a text/event-stream. */
export interface SSEEvent {
  event: string;
  data: string;
}

/** sseEvents reads a text/event-stream body event by event; comments are skipped. */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SSEEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buf += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let end: RegExpExecArray | null;
      while ((end = /\r?\n\r?\n/.exec(buf))) {
        const block = buf.slice(0, end.index);
        buf = buf.slice(end.index + end[0].length);
        const ev = parseBlock(block);
        if (ev) yield ev;
      }
      if (done) {
        const ev = parseBlock(buf);
        if (ev) yield ev;
        return;
      }
    }
  } finally {
    reader.releaseLock();
  }
}

function parseBlock(block: string): SSEEvent | null {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split(/\r?\n/)) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length ? { event, data: data.join('\n') } : null;
}

function sentence(s: string): string {
  const t = s.trim();
  return t ? t[0]!.toUpperCase() + t.slice(1) + (/[.!?]$/.test(t) ? '' : '.') : t;
}

/**
 * capture waits up to waitSeconds for the next request to a trigger; null
 * when none came. It asks for an SSE stream and takes a plain JSON answer
 * from a server that only long-polls.
 */
export async function capture(flowId: string, nodeId: string, waitSeconds: number, signal: AbortSignal): Promise<InboxEntry | null> {
  const res = await send('POST', `${nodePath(flowId, nodeId)}/capture?wait=${waitSeconds}s`, {
    signal,
    accept: 'text/event-stream, application/json',
  });
  if (res.status === 204) return null;
  if (!(res.headers.get('Content-Type') ?? '').includes('text/event-stream') || !res.body) {
    return (await res.json()) as InboxEntry;
  }
  for await (const ev of sseEvents(res.body)) {
    switch (ev.event) {
      case 'request':
        return JSON.parse(ev.data) as InboxEntry;
      case 'timeout':
        return null;
      case 'error': {
        const body = JSON.parse(ev.data) as { message?: string };
        throw new ApiError(0, `${sentence(body.message ?? 'the capture stopped')} Try again.`);
      }
    }
  }
  throw new ApiError(0, 'The server ended the capture before a request came. Try again.');
}

/** chooseEntry makes an inbox entry the node's sample. */
export function chooseEntry(flowId: string, nodeId: string, inboxId: string): Promise<Sample> {
  return must(request<Sample>('PUT', `${nodePath(flowId, nodeId)}/sample`, { body: { inboxId } }));
}
