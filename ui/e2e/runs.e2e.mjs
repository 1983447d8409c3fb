// Run history (uses harness.mjs): the list and its filters in the address,
// a run followed live on its flow's canvas until it finishes, and Resume,
// Replay from a step and Cancel, each confirmed and then shown.
import { check, shot, signIn, waitFor } from './harness.mjs';

export const name = 'runs';

async function flow(hf, doc) {
  const res = await hf.api('POST', '/api/flows', doc);
  if (res.status !== 201) throw new Error(`create flow: ${res.status} ${await res.text()}`);
  const f = await res.json();
  for (const step of ['publish', 'activate']) {
    const r = await hf.api('POST', `/api/flows/${f.id}/${step}`);
    if (!r.ok) throw new Error(`${step}: ${r.status} ${await r.text()}`);
  }
  return f;
}

async function hook(hf, f, body) {
  const res = await fetch(`${hf.url}/hook/${f.hookToken}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()).runId;
}

const mappings = [
  { name: 'customer_number', path: 'body.customer.phoneNumber' },
  { name: 'agent_email', path: 'body.assignedAgent.email' },
];

/** delayFlow: trigger → vip? ─true→ wait (delay) → mark done; ─false→ plain. */
const delayFlow = (wait) => ({
  name: `Assigned chat -> CRM owner, after ${wait}`,
  nodes: [
    { id: 'trigger', type: 'webhook', position: { x: 0, y: 100 }, config: { mappings } },
    { id: 'vip', type: 'condition', name: 'VIP customer?', position: { x: 280, y: 100 }, config: { expression: 'trigger.body.vip == true' } },
    { id: 'wait', type: 'delay', name: 'Wait', position: { x: 560, y: 0 }, config: { mode: 'duration', duration: wait } },
    { id: 'done', type: 'set', name: 'Mark done', position: { x: 840, y: 0 }, config: { values: [{ name: 'done', value: 'yes' }] } },
    { id: 'plain', type: 'set', name: 'Plain customer', position: { x: 560, y: 220 }, config: { values: [{ name: 'tier', value: 'plain' }] } },
  ],
  edges: [
    { from: 'trigger', to: 'vip' },
    { from: 'vip', port: 'true', to: 'wait' },
    { from: 'wait', to: 'done' },
    { from: 'vip', port: 'false', to: 'plain' },
  ],
});

export async function run(ctx) {
  const { hf, browser } = ctx;
  const quick = await flow(hf, delayFlow('4s'));
  const slow = await flow(hf, delayFlow('1h'));
  const broken = await flow(hf, {
    name: 'Lead code to number',
    nodes: [
      { id: 'trigger', type: 'webhook', position: { x: 0, y: 0 }, config: { mappings } },
      { id: 'code', type: 'set', name: 'Read the code', position: { x: 280, y: 0 }, config: { values: [{ name: 'n', mode: 'expression', value: 'int(trigger.body.code)' }] } },
    ],
    edges: [{ from: 'trigger', to: 'code' }],
  });
  const assigned = (phone, vip) => ({ customer: { phoneNumber: phone }, assignedAgent: { email: 'ravi@example.com' }, vip });
  await hook(hf, quick, assigned('+91 98000 11111', false));
  const failedId = await hook(hf, broken, { ...assigned('+91 98123 45678', false), code: 'abc' });

  const p = (ctx.page = await signIn(browser, hf.url));
  await p.goto(`${hf.url}/runs`);
  await p.getByRole('link', { name: 'Lead code to number' }).waitFor();
  check((await p.getByRole('link', { name: /^run_/ }).count()) === 2, 'the run list shows both runs with their flows');
  await shot(p, 'runs-list');

  await p.getByLabel('Status').selectOption('failed');
  await waitFor(async () => (await p.getByRole('link', { name: /^run_/ }).count()) === 1, 'the failed runs only');
  check(new URL(p.url()).search === '?status=failed', 'the status filter is kept in the address');
  await p.getByLabel('Customer, agent or business number').fill('+91 98000 11111');
  await p.getByRole('button', { name: 'Search' }).click();
  await p.getByText('No runs match these filters').waitFor();
  check(true, 'a search with no match says so');
  await p.getByRole('button', { name: 'Clear filters' }).click();
  await p.getByLabel('Customer, agent or business number').fill('919800011111');
  await p.getByRole('button', { name: 'Search' }).click();
  await waitFor(async () => (await p.getByRole('link', { name: /^run_/ }).count()) === 1, 'the run of that customer');
  check((await p.getByText(/customer_number: \+91 98000 11111/).count()) === 1, 'searching a customer number, spaced or not, finds its run');

  const liveId = await hook(hf, quick, assigned('+91 98000 22222', true));
  await p.goto(`${hf.url}/runs/${liveId}`);
  await p.getByRole('status').filter({ hasText: 'Live' }).waitFor();
  await p.getByLabel('Wait (wait): waiting').waitFor();
  check(true, 'a running run is followed live; the delay shows waiting on the canvas');
  await shot(p, 'run-live');
  await p.getByLabel('Mark done (done): succeeded').waitFor({ timeout: 20_000 });
  await p.locator('.page-head .badge.run-succeeded').waitFor();
  check((await p.getByRole('status').count()) === 0, 'the finished run shows every step and the live indicator goes');
  check((await p.locator('.react-flow__edge.run-edge-taken').count()) === 3, 'the three edges taken are marked');
  await p.getByLabel('Steps').getByText('Mark done').click();
  await p.getByLabel('Step details').getByText('"yes"').waitFor();
  check(true, 'clicking a step shows its output');
  await shot(p, 'run-finished');

  await p.goto(`${hf.url}/runs/${failedId}`);
  await p.getByRole('button', { name: 'Resume…' }).click();
  await p.getByRole('button', { name: 'Resume', exact: true }).click();
  await p.getByText('started 2 times').waitFor({ timeout: 20_000 });
  check(true, 'a resumed run runs again and is shown as it ends');
  await p.getByLabel('Steps').getByText('Read the code').click();
  await p.getByRole('button', { name: 'Replay from this step…' }).click();
  await p.getByRole('button', { name: 'Replay', exact: true }).click();
  await p.waitForURL((u) => u.pathname.startsWith('/runs/') && !u.pathname.endsWith(failedId));
  await p.getByRole('link', { name: failedId }).waitFor();
  check(true, 'a replay from a step opens the new run, which names the one it replays');

  const slowId = await hook(hf, slow, assigned('+91 98000 33333', true));
  await p.goto(`${hf.url}/runs/${slowId}`);
  await p.getByLabel('Wait (wait): waiting').waitFor();
  await p.getByRole('button', { name: 'Cancel run…' }).click();
  await p.getByRole('button', { name: 'Cancel run', exact: true }).click();
  await p.locator('.page-head .badge.run-canceled').waitFor();
  check(true, 'an unfinished run can be canceled');
}
