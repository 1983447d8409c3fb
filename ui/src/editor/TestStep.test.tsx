import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import type { Step } from '../api/types';
import { TestStep, duration } from './TestStep';
import { EditorContext } from './EditorContext';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

function setup(answer: Response, place?: (p: { nodeId: string; field: string }) => string) {
  const fetch = vi.fn(async () => answer);
  vi.stubGlobal('fetch', fetch);
  const order: string[] = [];
  const beforeTest = vi.fn(async () => {
    order.push('save');
  });
  fetch.mockImplementation(async () => {
    order.push('test');
    return answer;
  });
  const onTested = vi.fn();
  render(
    <EditorContext.Provider value={{ specs: new Map(), problems: [], place }}>
      <TestStep flowId="flw_1" nodeId="lookup" sample={undefined} beforeTest={beforeTest} onTested={onTested} />
    </EditorContext.Provider>,
  );
  return { fetch, beforeTest, onTested, order };
}

/** untestable is the server's answer when a problem keeps the step from being tested. */
const untestable = () =>
  json(422, {
    message: 'the step cannot be tested until 1 problem(s) of it or of the steps before it are fixed',
    code: 'invalid_flow',
    requestId: 'req_1',
    problems: [{ nodeId: 'lookup', field: 'url', message: 'URL is required.' }],
  });

describe('TestStep', () => {
  it('saves first, runs the step and shows its output, status and duration', async () => {
    const step: Step = {
      nodeId: 'lookup',
      type: 'http',
      status: 'succeeded',
      port: 'out',
      attempts: 1,
      startedAt: '2026-11-22T10:00:00Z',
      durationMs: 142.4,
      output: { status: 200, body: { agentId: 'ag_7', owner: { email: 'ravi@example.com' } } },
    };
    const { fetch, onTested, order } = setup(json(200, step));
    fireEvent.click(screen.getByRole('button', { name: 'Test step' }));
    expect(await screen.findByText('Succeeded')).toBeTruthy();
    expect(order).toEqual(['save', 'test']);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/flows/flw_1/nodes/lookup/test');
    expect(init.method).toBe('POST');
    expect(screen.getByText('took 142 ms')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'agentId' }).dataset.path).toBe('nodes.lookup.body.agentId');
    expect(screen.getByText('"ag_7"')).toBeTruthy();
    expect(onTested).toHaveBeenCalledWith(step);
  });

  it('shows a failed step’s error as a sentence', async () => {
    setup(
      json(200, {
        nodeId: 'lookup',
        type: 'http',
        status: 'failed',
        attempts: 3,
        startedAt: '2026-11-22T10:00:00Z',
        durationMs: 2500,
        error: 'post https://crm.example.com/owners: the server answered 503',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Test step' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('The step failed: Post https://crm.example.com/owners: the server answered 503.');
    expect(screen.getByText('took 2.50 s')).toBeTruthy();
  });

  it('lists the problems that keep the step from being tested', async () => {
    setup(untestable());
    fireEvent.click(screen.getByRole('button', { name: 'Test step' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The test did not run: the step cannot be tested until 1 problem(s)');
    expect(alert.textContent).toContain('lookup: URL is required.');
  });

  it('names the steps and fields of those problems as the canvas does', async () => {
    setup(
      untestable(),
      (p) => (p.nodeId === 'lookup' && p.field === 'url' ? 'Look up the owner · URL' : '?'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Test step' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Look up the owner · URL: URL is required.');
  });

  it('does not test when the draft could not be saved', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    render(
      <TestStep
        flowId="flw_1"
        nodeId="lookup"
        sample={undefined}
        beforeTest={async () => {
          throw new Error('The flow could not be saved first.');
        }}
        onTested={() => {}}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Test step' }));
    expect((await screen.findByRole('alert')).textContent).toContain('The flow could not be saved first.');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the last output before any test', () => {
    render(
      <TestStep
        flowId="flw_1"
        nodeId="lookup"
        sample={{ flowId: 'flw_1', nodeId: 'lookup', data: { found: true }, source: 'test', updatedAt: '2026-11-22T10:00:00Z' }}
        beforeTest={async () => {}}
        onTested={() => {}}
      />,
    );
    expect(screen.getByText('Last output')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'found' }).dataset.path).toBe('nodes.lookup.found');
  });
});

describe('duration', () => {
  it('reads in ms below a second, else in seconds', () => {
    expect(duration(3.4)).toBe('3 ms');
    expect(duration(1234)).toBe('1.23 s');
    expect(duration(65_000)).toBe('65.0 s');
  });
});
