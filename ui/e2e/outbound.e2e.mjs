// An outbound webhook registered in the studio: add a business number in
// Settings, register a webhook for CHAT_ASSIGNED_TO_AGENT to a local
// receiver, post the event, see the signed delivery arrive and in the log.
import { check, checkAccessible, shot, signIn, waitFor } from './harness.mjs';

export const name = 'outbound';

export async function run(ctx) {
  const { hf, receiver, browser } = ctx;
  const p = (ctx.page = await signIn(browser, hf.url));

  await p.getByRole('link', { name: 'Settings' }).click();
  await p.getByRole('tab', { name: 'Channels' }).or(p.getByRole('link', { name: 'Channels' })).first().click();
  const form = p.getByRole('form', { name: 'Add a channel' });
  await form.getByLabel('Number').fill('+91 98765 43210');
  await form.getByLabel('Name (optional)').fill('Sales');
  await form.getByRole('button', { name: 'Add channel' }).click();
  await p.getByRole('button', { name: 'Remove 919876543210' }).waitFor();
  check(true, 'a business number is added in Settings → Channels');
  await shot(p, 'settings-channels');

  await p.getByRole('link', { name: 'Webhooks' }).click();
  await p.getByText('No webhooks yet').waitFor();
  await p.getByRole('button', { name: 'New webhook' }).click();
  await p.getByLabel('Webhook name').fill('CRM sync');
  await p.getByLabel('URL').fill(`${receiver.url}/events`);
  await p.getByLabel('Search events').fill('assigned to agent');
  await p.getByRole('group', { name: 'Events' }).getByRole('checkbox').first().check();
  await p.getByRole('group', { name: 'Business numbers' }).getByRole('checkbox').first().check();
  await p.getByRole('button', { name: 'Register webhook' }).click();
  const secret = await p.locator('.secret-value').inputValue();
  check(secret.length > 10, 'the signing secret is shown once after registering');
  await checkAccessible(p, 'the new webhook with its secret shown once');
  await shot(p, 'webhook-registered');
  await p.locator('.secret-once').getByRole('button').last().click();
  await p.getByRole('listitem', { name: 'CRM sync' }).waitFor();
  check(true, 'the webhook is listed');

  const types = await (await hf.api('GET', '/api/event-types')).json();
  const assigned = types.items.find((t) => t.name === 'CHAT_ASSIGNED_TO_AGENT');
  const sent = await hf.api('POST', '/api/events', {
    type: 'CHAT_ASSIGNED_TO_AGENT',
    channel: '919876543210',
    id: 'e2e-assign-1',
    data: assigned.example,
  });
  check(sent.status === 202, `the event is accepted (${sent.status})`);
  const got = await waitFor(() => receiver.got.find((r) => r.path === '/events'), 'the delivery at the receiver');
  check(got.body.includes('CHAT_ASSIGNED_TO_AGENT'), 'the receiver gets the event');
  check(Object.keys(got.headers).some((h) => h.includes('signature')), 'the delivery is signed');

  await p.getByRole('link', { name: 'CRM sync' }).click();
  await waitFor(async () => {
    await p.getByRole('button', { name: 'Refresh' }).last().click();
    return (await p.locator('.dlv-succeeded').count()) > 0;
  }, 'the delivery in the log');
  check(true, 'the delivery log shows the delivery as succeeded');
  await p.getByRole('button', { name: /Details of delivery/ }).first().click();
  await p.getByText('HTTP 200').first().waitFor();
  check(true, 'the delivery detail shows the attempt and its answer');
  await checkAccessible(p, 'the delivery log');
  await shot(p, 'webhook-delivery-log');
}
