// The walk-through of a new user (seed 002), with mouse and keyboard: create
// a flow, copy its URL, capture a request, name the customer number, agent
// and WABA number by clicking the captured tree, add a condition and an HTTP
// action to a local receiver, publish and activate, send a request, see the
// receiver get the mapped body, and open the run in history with each step.
import { check, shot, signIn, waitFor } from './harness.mjs';

export const name = 'walkthrough';

const assigned = (phone, agent) => ({
  event: 'CHAT_ASSIGNED_TO_AGENT',
  customer: { name: 'Asha', phoneNumber: phone },
  assignedAgent: { name: 'Ravi', email: agent },
  wabaNumber: '918000000000',
});

export async function run(ctx) {
  const { hf, receiver, browser } = ctx;
  const first = (ctx.page = await browser.newPage({ viewport: { width: 1280, height: 800 } }));
  await first.goto(hf.url);
  await first.getByLabel('API key').fill('hfk_wrong_key_0000000000');
  await first.getByRole('button', { name: 'Sign in' }).click();
  await first.getByRole('alert').waitFor();
  check((await first.getByRole('alert').textContent()).includes('API key'), 'a wrong key is refused in plain words');
  await shot(first, 'sign-in');
  await first.close();

  const p = (ctx.page = await signIn(browser, hf.url));
  await p.getByText('No flows yet').waitFor();
  check(true, 'signed in; the empty flows list explains what to do');

  // Create the flow and copy its URL.
  await p.getByLabel('Name of the new flow').fill('Assigned chat → CRM');
  await p.keyboard.press('Enter');
  await p.locator('.react-flow__node').first().waitFor();
  check(p.url().includes('/flows/flw_'), 'a new flow opens in the editor');
  await p.locator('.react-flow__node[data-id="trigger"]').click();
  await p.getByRole('button', { name: 'Copy' }).click();
  const hookUrl = await waitFor(() => p.evaluate(() => navigator.clipboard.readText()), 'the copied URL');
  check(hookUrl.startsWith(`${hf.url}/hook/`), 'Copy puts the flow’s own webhook URL on the clipboard');

  // Capture Response while the "external tool" sends one request.
  await p.getByRole('button', { name: 'Capture Response' }).click();
  await p.getByText('Waiting for a request').waitFor();
  const sent = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(assigned('919812345678', 'ravi@example.com')),
  });
  check(sent.status === 200, `the draft flow's URL records the request (${sent.status})`);
  await p.getByRole('button', { name: 'phoneNumber' }).waitFor({ timeout: 15_000 });
  check(true, 'the captured request shows as a tree');

  // Named mappings: add a mapping, type its name, click the field in the tree.
  const mappings = p.getByRole('group', { name: 'Field mappings', exact: true });
  for (const [variable, key] of [
    ['customer_number', 'phoneNumber'],
    ['agent', 'email'],
    ['waba_number', 'wabaNumber'],
  ]) {
    await mappings.getByRole('button', { name: '+ Add field mapping' }).click();
    await mappings.getByRole('textbox', { name: /Variable name/ }).last().fill(variable);
    await p.getByRole('tree').getByRole('button', { name: key, exact: true }).click();
  }
  const paths = await mappings.getByRole('textbox', { name: /^Field/ }).evaluateAll((els) => els.map((e) => e.value));
  check(
    JSON.stringify(paths) === JSON.stringify(['body.customer.phoneNumber', 'body.assignedAgent.email', 'body.wabaNumber']),
    `clicking the tree fills the named mappings (${paths.join(', ')})`,
  );
  await shot(p, 'capture-mapped');

  // A condition built from a rule, with its field picked from the sample.
  await p.getByRole('button', { name: 'Condition', exact: true }).click();
  await p.getByRole('group', { name: 'Rule 1' }).waitFor();
  check(await p.getByRole('radio', { name: 'Rules', exact: true }).isChecked(), 'a new condition opens in the rules builder with its first rule');
  await p.getByRole('group', { name: 'Rule 1' }).getByRole('button', { name: 'Insert field' }).first().click();
  const picker = p.getByRole('dialog', { name: 'Fields to insert' });
  await picker.getByLabel('Search fields').fill('waba');
  await picker.getByRole('button', { name: 'waba_number', exact: true }).first().click();
  await p.getByRole('group', { name: 'Rule 1' }).getByLabel('Operator').selectOption({ label: 'starts with' });
  await p.getByRole('group', { name: 'Rule 1' }).getByRole('textbox', { name: 'Value' }).fill('91');
  const preview = p.getByRole('status').filter({ hasText: /on the sample/i }).first();
  await waitFor(async () => /^\s*true on the sample/i.test((await preview.textContent()) ?? ''), 'the condition preview');
  check(true, `the condition previews true on the sample (“${(await preview.textContent()).trim()}”)`);
  await shot(p, 'condition-builder');

  // The HTTP action to the local receiver, with the mapped variables in its body.
  await p.getByRole('button', { name: 'HTTP Request', exact: true }).click();
  await p.getByRole('textbox', { name: /^URL/ }).fill(`${receiver.url}/crm/owner`);
  await p
    .getByRole('textbox', { name: 'Body', exact: true })
    .fill('{"phone": "{{ vars.customer_number }}", "owner": "{{ vars.agent }}", "waba": "{{ vars.waba_number }}"}');
  const bodyPreview = JSON.parse(await p.locator('.preview-block').textContent());
  check(
    bodyPreview.phone === '919812345678' && bodyPreview.owner === 'ravi@example.com' && bodyPreview.waba === '918000000000',
    `the body previews the mapped values of the captured request ${JSON.stringify(bodyPreview)}`,
  );

  // Connect trigger → condition → (true) HTTP, arrange, publish, activate.
  const handle = (node, sel) => p.locator(`.react-flow__node[data-id="${node}"] .react-flow__handle${sel}`).first();
  const arrange = async () => {
    await p.getByRole('button', { name: 'Auto-layout' }).click();
    await p.waitForTimeout(800); // the canvas eases into place
  };
  await arrange();
  await handle('trigger', '.source').dragTo(handle('condition', '.target'));
  await waitFor(async () => (await p.locator('.react-flow__edge').count()) === 1, 'the first connection');
  await handle('condition', '.source[data-handleid="true"]').dragTo(handle('http', '.target'));
  await waitFor(async () => (await p.locator('.react-flow__edge').count()) === 2, 'the second connection');
  await arrange();
  check((await p.locator('.react-flow__edge').count()) === 2, 'the steps are connected on the canvas');
  await p.getByRole('button', { name: 'Publish' }).click();
  await p.getByText(/version 1/i).first().waitFor();
  await p.getByRole('button', { name: 'Activate' }).click();
  await p.getByText(/active/i).first().waitFor();
  check(true, 'the flow is published as version 1 and active');
  await shot(p, 'editor');

  // A real request: the receiver gets the mapped body.
  const live = await fetch(hookUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(assigned('919900011122', 'meera@example.com')),
  });
  check(live.status === 202, `the active flow accepts the request (${live.status})`);
  const got = await waitFor(() => receiver.got.find((r) => r.path === '/crm/owner'), 'the call to the receiver');
  const body = JSON.parse(got.body);
  check(
    body.phone === '919900011122' && body.owner === 'meera@example.com' && body.waba === '918000000000',
    `the receiver gets the mapped body ${got.body}`,
  );

  // The run in history, with each step.
  await p.getByRole('button', { name: 'Runs' }).click();
  await p.getByRole('link', { name: /run_/ }).first().click();
  const steps = p.getByRole('list', { name: 'Steps' }).getByRole('listitem');
  // The steps come with the run; their names with the flow version, a moment later.
  const named = (texts) => ['On Webhook', 'Condition', 'HTTP Request'].every((n) => texts.some((t) => t.includes(n)));
  await waitFor(
    async () => (await steps.filter({ hasText: 'succeeded' }).count()) === 3 && named(await steps.allTextContents()),
    'three succeeded steps with their names',
  );
  check(true, 'the run shows its three steps, each succeeded');
  await steps.filter({ hasText: 'HTTP Request' }).getByRole('button').first().click();
  const side = p.getByRole('complementary', { name: 'Step details' });
  await side.getByText('919900011122').first().waitFor();
  check(true, "the HTTP step's input and output are shown");
  await shot(p, 'run-detail');

  await p.getByRole('link', { name: 'Flows' }).click();
  await p.getByRole('link', { name: 'Assigned chat → CRM' }).waitFor();
  await shot(p, 'flows-list');
  await p.getByRole('link', { name: 'Overview' }).click();
  await p.locator('svg').first().waitFor();
  await shot(p, 'overview');
  check(true, 'the flows list and the overview show the flow');
}
