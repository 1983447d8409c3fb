// End-to-end walk through the editor's tools in a real browser: the recent
// requests of a trigger and choosing one as the sample, searching the
// response data, Capture Response over SSE, Test step, undo and redo from
// the keyboard, auto-layout, version history with restore, and a platform
// event trigger with its catalog example and a captured event. Run with:
// make test-e2e (after make ui build).
import { adminKey, check, checkAccessible, checkSoon, shot as save, signIn, waitFor } from './harness.mjs';

export const name = 'editor';

export async function run(ctx) {
  const url = ctx.hf.url;
  const key = `Bearer ${adminKey}`;
  const page = (ctx.page = await signIn(ctx.browser, url));
  const shot = (n) => save(page, n);
  const nodes = page.locator('.react-flow__node');
  const edges = page.locator('.react-flow__edge');
  const panel = page.getByRole('complementary', { name: 'Step settings' });
  const post = (path, body, headers = {}) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const boxes = () => nodes.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));

  await page.getByLabel('Name of the new flow').fill('Editor tools');
  await page.getByRole('button', { name: 'Create flow' }).click();
  await nodes.first().click();
  const hookPath = new URL(await page.locator('#webhook-url').inputValue()).pathname;
  await checkSoon(async () => (await page.title()) === 'Editor tools · hookflow', "the browser tab names the flow being edited");

  // Requests that came before any capture are in the inbox.
  for (const name of ['Asha', 'Bina']) await post(hookPath, { customer: { name, phoneNumber: '919812345678' } });
  await page.getByRole('button', { name: 'Refresh' }).click();
  const useButtons = page.getByRole('button', { name: /^Use the POST request of .* as sample$/ });
  await useButtons.nth(1).waitFor({ timeout: 10_000 });
  check((await useButtons.count()) === 2, 'the recent requests list both requests');
  await useButtons.nth(1).click();
  await page.getByText('"Asha"').waitFor();
  check(true, 'one click makes an older request the sample and shows it');
  const search = page.getByRole('searchbox', { name: 'Search the response data' });
  await search.fill('phone');
  check(
    (await page.getByRole('button', { name: 'phoneNumber' }).count()) === 1 && (await page.getByRole('button', { name: 'name' }).count()) === 0,
    'searching the response data keeps only what matches',
  );
  await search.fill('');
  await page.getByRole('button', { name: 'phoneNumber' }).click();

  await page.getByRole('button', { name: 'Capture Response' }).click();
  await page.getByText('Waiting for a request').waitFor();
  await new Promise((r) => setTimeout(r, 700));
  await post(hookPath, { customer: { name: 'Chitra', phoneNumber: '919899999999' } });
  await page.getByText('"Chitra"').waitFor({ timeout: 15_000 });
  check(true, 'Capture Response shows the request that came while it waited');

  // A step after the trigger, tested alone against the captured request.
  await page.getByRole('button', { name: 'Set Variables', exact: true }).click();
  await nodes.nth(1).waitFor();
  const [triggerBox, addedBox] = await boxes();
  check(addedBox.left >= triggerBox.right, 'a step added from the palette lands right of the selected trigger, not on it');
  // The canvas pans to show the new step; drag once it stands still.
  let last = '';
  await waitFor(async () => {
    const now = JSON.stringify(await boxes());
    const still = now === last;
    last = now;
    return still;
  }, 'the canvas to stand still');
  await nodes.first().locator('.react-flow__handle.source').first().dragTo(nodes.nth(1).locator('.react-flow__handle.target'));
  await checkSoon(async () => (await edges.count()) === 1, 'dragging from the trigger’s port to the step connects them');
  await nodes.nth(1).click();
  await panel.getByRole('button', { name: /Add variable/ }).click();
  const varName = panel.locator('.list-item [data-field="name"] input');
  const varValue = panel.locator('.list-item [data-field="value"] input');
  await varName.fill('who');
  await varValue.fill('{{ trigger.body.customer.name }}');
  await panel.getByRole('button', { name: 'Test step' }).click();
  await panel.getByText('Succeeded').waitFor({ timeout: 15_000 });
  check((await panel.locator('.test-output').textContent()).includes('"Chitra"'), 'Test step shows the output of the step');
  check(!(await page.getByRole('button', { name: 'Save' }).isEnabled()), 'Test step saved the draft first');
  await panel.locator('.test-output').scrollIntoViewIfNeeded();
  await shot('test-step');

  // Undo and redo: typing in the form, then deleting a step on the canvas.
  await varValue.press('Control+z');
  await checkSoon(async () => (await varValue.inputValue()) === '' && (await varName.inputValue()) === 'who', 'Ctrl+Z in the form takes back the last field typed');
  await varValue.press('Control+Shift+z');
  await checkSoon(async () => (await varValue.inputValue()).includes('customer.name'), 'Ctrl+Shift+Z puts it back');
  await nodes.nth(1).click();
  await page.keyboard.press('Delete');
  await checkSoon(async () => (await nodes.count()) === 1, 'Delete removes the selected step');
  await page.keyboard.press('Control+z');
  await checkSoon(async () => (await nodes.count()) === 2 && (await edges.count()) === 1, 'Ctrl+Z brings the step back with its edge');
  await page.keyboard.press('Control+y');
  await checkSoon(async () => (await nodes.count()) === 1, 'Ctrl+Y deletes it again');
  await page.getByRole('button', { name: 'Undo' }).click();
  await checkSoon(async () => (await nodes.count()) === 2, 'the Undo button brings it back');

  // Auto-layout, and undoing it.
  const before = await boxes();
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length === 2);
  await new Promise((r) => setTimeout(r, 300));
  const after = await boxes();
  check(after[1].left >= after[0].right && after[1].top < after[0].bottom && after[1].bottom > after[0].top, 'auto-layout puts the next step to the right of the trigger');
  await page.getByRole('button', { name: 'Undo' }).click();
  await new Promise((r) => setTimeout(r, 300));
  const undone = await boxes();
  check(Math.abs(undone[1].left - undone[0].left - (before[1].left - before[0].left)) < 2, 'Undo puts the steps back where they were');

  // Publish, then restore the version from the history.
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByText(/Published version 1/).waitFor();
  await page.getByLabel('Flow name').fill('Renamed draft');
  await page.getByRole('button', { name: 'History' }).click();
  await page.getByRole('button', { name: 'View version 1' }).waitFor();
  await checkAccessible(page, 'the editor with its version history open');
  await page.getByRole('button', { name: 'View version 1' }).click();
  await page.locator('.version-canvas .react-flow__node').nth(1).waitFor();
  check(true, 'a version shows on a canvas of its own');
  await shot('version-history');
  await page.getByRole('button', { name: 'Restore this version…' }).click();
  check(await page.getByText(/your unsaved changes are lost/).isVisible(), 'restoring asks first, and warns of unsaved changes');
  await page.getByRole('button', { name: 'Restore', exact: true }).click();
  await page.getByText('Version 1 is the draft now').waitFor();
  check((await page.getByLabel('Flow name').inputValue()) === 'Editor tools', 'restoring loads the version as the draft');

  // A platform-event trigger: events from the catalog, its example, a captured event.
  await post('/api/channels', { number: '919800000001', name: 'Sales line' }, { Authorization: key });
  await page.getByRole('button', { name: '← Flows' }).click();
  await page.getByLabel('Name of the new flow').fill('Chat assigned');
  await page.getByRole('button', { name: 'Create flow' }).click();
  await nodes.first().click();
  await page.getByLabel('Starts on').selectOption('event');
  await page.getByRole('searchbox', { name: 'Search events' }).fill('assigned');
  await page.getByRole('checkbox', { name: /Chat assigned to an agent/ }).check();
  await page.getByRole('checkbox', { name: /Sales line/ }).check();
  await page.getByText(/from the event catalog/).waitFor();
  check(await page.getByRole('button', { name: 'phoneNumber' }).first().isVisible(), 'the event trigger shows the catalog example to map from');
  await page.getByRole('button', { name: 'Capture Response' }).click();
  await page.getByText('Waiting for an event').waitFor();
  await new Promise((r) => setTimeout(r, 700));
  const types = await (await fetch(`${url}/api/event-types`, { headers: { Authorization: key } })).json();
  const example = types.items.find((t) => t.name === 'CHAT_ASSIGNED_TO_AGENT').example;
  await post('/api/events', { type: 'CHAT_ASSIGNED_TO_AGENT', channel: '919800000001', data: example }, { Authorization: key });
  await page.getByText(/^Captured on/).waitFor({ timeout: 15_000 });
  check(true, 'Capture Response catches the platform event');
  await shot('event-trigger');

  // A CRM step before any credential exists: the picker says where to add one, and lists it
  // as soon as the editor gets focus back from that other tab.
  await page.getByRole('button', { name: 'CRM', exact: true }).click();
  await checkSoon(
    async () => (await page.locator('.step.unconnected').allTextContents()).some((t) => t.includes('Not connected: never runs')),
    'a step no arrow leads to says on the canvas that it never runs',
  );
  const edgesBefore = await edges.count();
  await panel.getByLabel('Runs after').selectOption({ label: 'On Platform Event' });
  await checkSoon(
    async () => (await edges.count()) === edgesBefore + 1 && (await page.locator('.step.unconnected').count()) === 0,
    '"Runs after" connects the step without dragging: one more arrow, and the step no longer says it never runs',
  );
  const addLink = panel.getByRole('link', { name: 'Add one in Settings → Credentials' });
  await addLink.waitFor();
  check((await addLink.getAttribute('target')) === '_blank', 'with no credential of its kind, the CRM step links to Settings → Credentials in a new tab');
  const made = await post('/api/credentials', { name: 'Sales HubSpot', type: 'hubspot', fields: { token: 'pat-e2e' } }, { Authorization: key });
  check(made.status === 201, 'a HubSpot credential is stored through the API');
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await checkSoon(
    async () => (await panel.getByLabel(/^Credential/).locator('option').allTextContents()).includes('Sales HubSpot (hubspot)'),
    'back in the editor, the new credential is in the picker',
  );

  // Publishing names each problem by the step's and field's labels, and a click opens that step.
  await nodes.first().click();
  await checkSoon(async () => (await panel.getByRole('heading', { level: 2 }).first().textContent()) !== 'CRM', 'the trigger is open in the side panel');
  await page.getByRole('button', { name: 'Publish', exact: true }).click();
  const problems = page.getByRole('alert').filter({ hasText: 'to fix before publishing' });
  await problems.waitFor();
  const first = problems.getByRole('button', { name: 'CRM · CRM' });
  check((await problems.textContent()).includes('CRM · CRM: CRM is required'), 'a problem reads "CRM · CRM: CRM is required", not ids and field names');
  await first.click();
  await checkSoon(async () => (await panel.getByRole('heading', { level: 2 }).first().textContent()) === 'CRM', 'clicking the problem opens its step');
}
