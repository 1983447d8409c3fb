// The example flow offered on an empty flows list: one click opens it in the
// editor, it publishes as it is, and its URL answers the example event with
// the fields it names (README.md's first flow, done in the studio).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, checkSoon, root, signIn } from './harness.mjs';

export const name = 'example';

export async function run(ctx) {
  const { hf, browser } = ctx;
  const p = (ctx.page = await signIn(browser, hf.url));
  await p.getByRole('button', { name: 'Open an example flow' }).click();
  const nodes = p.locator('.react-flow__node');
  await checkSoon(async () => (await nodes.count()) === 4, 'one click opens the example in the editor with its four steps', 10_000);
  check((await p.locator('.step.unconnected').count()) === 0, 'every step of the example is connected');

  await p.getByRole('button', { name: 'Publish' }).click();
  await p.getByText(/version 1/i).first().waitFor();
  await p.getByRole('button', { name: 'Activate' }).click();
  await p.getByText(/requests to the trigger now start runs/i).waitFor();
  check(true, 'the example publishes and activates as it is');

  await nodes.first().click();
  const url = await p.locator('#webhook-url').inputValue();
  const event = readFileSync(join(root, 'docs/examples/assigned-chat.event.json'), 'utf8');
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: event });
  const answer = await res.json();
  check(
    res.status === 200 && answer.customer === '919812345678' && answer.owner === 'ravi@example.com' && answer.queue === 'india',
    `its URL answers the example event with the fields it names (${res.status} ${JSON.stringify(answer)})`,
  );
}
