import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import type { NodeSpec, Run } from '../api/types';
import type { FlowVersion } from './api';
import { markCanvas } from './RunCanvas';
import { RunDetail } from './RunDetail';

/** FakeEventSource stands in for the browser's: the test sends the events. */
class FakeEventSource {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSED = 2;
  static all: FakeEventSource[] = [];
  readonly url: string;
  readyState = FakeEventSource.CONNECTING;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();

  constructor(url: string) {
    this.url = url;
    FakeEventSource.all.push(this);
  }
  addEventListener(name: string, fn: (e: MessageEvent<string>) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), fn]);
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
  open() {
    this.readyState = FakeEventSource.OPEN;
    this.onopen?.();
  }
  send(name: string, data: unknown) {
    for (const fn of this.listeners.get(name) ?? []) fn(new MessageEvent(name, { data: JSON.stringify(data) }));
  }
}

const at = '2026-01-02T03:04:05Z';
const specs: NodeSpec[] = [
  { type: 'webhook', version: 1, kind: 'trigger', label: 'On Webhook', description: '', ports: [{ name: 'out' }], fields: [] },
  { type: 'delay', version: 1, kind: 'logic', label: 'Delay', description: '', ports: [{ name: 'out' }], fields: [] },
  { type: 'set', version: 1, kind: 'action', label: 'Set variables', description: '', ports: [{ name: 'out' }], fields: [] },
] as unknown as NodeSpec[];

const version: FlowVersion = {
  flowId: 'flw_1',
  version: 3,
  name: 'Assigned chat to CRM',
  publishedAt: at,
  nodes: [
    { id: 'trigger', type: 'webhook', position: { x: 0, y: 0 } },
    { id: 'wait', type: 'delay', name: 'Wait a bit', position: { x: 250, y: 0 } },
    { id: 'after', type: 'set', name: 'Mark done', position: { x: 500, y: 0 } },
  ],
  edges: [
    { from: 'trigger', to: 'wait' },
    { from: 'wait', to: 'after' },
  ],
};

const waiting: Run = {
  id: 'run_1',
  flowId: 'flw_1',
  version: 3,
  status: 'waiting',
  attempt: 1,
  createdAt: at,
  durationMs: 0,
  trigger: { body: { phone: '919812345678' } },
  steps: [
    { nodeId: 'trigger', type: 'webhook', status: 'succeeded', port: 'out', attempts: 1, startedAt: at, durationMs: 0.2, output: { body: { phone: '919812345678' } } },
    { nodeId: 'wait', type: 'delay', status: 'waiting', attempts: 1, startedAt: at, durationMs: 0.1 },
  ],
};

const done: Run = {
  ...waiting,
  status: 'succeeded',
  durationMs: 1500,
  finishedAt: at,
  steps: [
    waiting.steps![0]!,
    { nodeId: 'wait', type: 'delay', status: 'succeeded', port: 'out', attempts: 1, startedAt: at, durationMs: 1500 },
    { nodeId: 'after', type: 'set', status: 'succeeded', port: 'out', attempts: 1, startedAt: at, durationMs: 0.3, output: { done: 'yes' } },
  ],
};

function answer(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
}

beforeEach(() => {
  FakeEventSource.all = [];
  vi.stubGlobal('EventSource', FakeEventSource);
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      if (url === '/api/runs/run_1') return answer(waiting);
      if (url === '/api/flows/flw_1/versions/3') return answer(version);
      return new Response(JSON.stringify({ message: `unexpected ${url}` }), { status: 404 });
    }),
  );
});

afterEach(() => vi.unstubAllGlobals());

describe('RunDetail', () => {
  it('applies the states a running run streams, then stops following it', async () => {
    render(<RunDetail runId="run_1" specs={specs} navigate={() => {}} />);
    await screen.findByText('run_1');
    await screen.findByText('Assigned chat to CRM');
    expect(FakeEventSource.all).toHaveLength(1);
    const es = FakeEventSource.all[0]!;
    expect(es.url).toBe('/api/runs/run_1/stream');

    act(() => es.open());
    expect(screen.getByRole('status').textContent).toBe('Live');
    const steps = screen.getByLabelText('Steps');
    expect(steps.querySelectorAll('button')).toHaveLength(2);
    expect(screen.getByLabelText('Mark done (after): did not run')).toBeTruthy();

    act(() => es.send('run', { ...waiting, status: 'running', steps: [...waiting.steps!.slice(0, 1), done.steps![1]] }));
    expect(screen.getByText('running')).toBeTruthy();
    expect(screen.getByLabelText('Wait a bit (wait): succeeded')).toBeTruthy();

    act(() => {
      es.send('run', done);
      es.send('end', { status: 'succeeded' });
    });
    expect(es.readyState).toBe(FakeEventSource.CLOSED);
    expect(screen.queryByRole('status')).toBeNull();
    expect(steps.querySelectorAll('button')).toHaveLength(3);
    expect(screen.getByLabelText('Mark done (after): succeeded')).toBeTruthy();
    expect(screen.queryByText('Cancel run…')).toBeNull();
    expect(FakeEventSource.all).toHaveLength(1);

    fireEvent.click(within(steps).getByText('Mark done'));
    const detail = screen.getByLabelText('Step details');
    expect(within(detail).getByText('Mark done', { selector: 'h2' })).toBeTruthy();
    expect(within(detail).getByText('done')).toBeTruthy();
    // A step without a name of its own is headed by its type's label, as in the list.
    fireEvent.click(within(steps).getByText('On Webhook'));
    expect(within(screen.getByLabelText('Step details')).getByText('On Webhook', { selector: 'h2' })).toBeTruthy();
  }, 30_000); // a bound, not a speed assertion: the canvas renders slowly in jsdom on a busy machine

  it('marks the path taken on the canvas', async () => {
    const { container } = render(<RunDetail runId="run_1" specs={specs} navigate={() => {}} />);
    await screen.findByLabelText('Wait a bit (wait): waiting');
    expect(container.querySelector('.run-node-succeeded')?.textContent).toContain('On Webhook');
    expect(container.querySelector('.run-node-waiting')?.textContent).toContain('Wait a bit');
    expect(container.querySelector('.run-node-none')?.textContent).toContain('Mark done');
  }, 30_000);
});

describe('markCanvas', () => {
  const specMap = new Map(specs.map((s) => [s.type, s]));

  it('marks the edges the run went along, animated while it runs', () => {
    const running = markCanvas(version, waiting.steps!, specMap, true, 'wait');
    expect(running.edges.map((e) => [e.id, e.className, e.animated])).toEqual([
      ['trigger:out->wait', 'run-edge-taken', true],
      ['wait:out->after', 'run-edge-idle', false],
    ]);
    expect(running.nodes.map((n) => [n.id, n.data.status, n.selected])).toEqual([
      ['trigger', 'succeeded', false],
      ['wait', 'waiting', true],
      ['after', undefined, false],
    ]);
    const finished = markCanvas(version, done.steps!, specMap, false, '');
    expect(finished.edges.map((e) => [e.className, e.animated])).toEqual([
      ['run-edge-taken', false],
      ['run-edge-taken', false],
    ]);
    expect(finished.nodes.every((n) => n.draggable === false)).toBe(true);
  });
});
