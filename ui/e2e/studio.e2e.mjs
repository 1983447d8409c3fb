// End-to-end walk through the studio in a real browser (Debian's chromium):
// sign in, create a flow, capture a webhook request, map a field with a
// click, add a condition, publish and see the problems pinned. It starts
// bin/hookflow (build it first: make ui build) on a free port with a
// temporary data folder. Run with: make test-e2e.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('../..', import.meta.url).pathname;
const key = 'hfk_e2e_admin_key_0123456789';
const shots = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'hookflow-e2e');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

async function waitUp(url) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`hookflow did not start at ${url}`);
}

function check(cond, what) {
  if (!cond) throw new Error(`e2e: ${what}`);
  console.log(`ok  ${what}`);
}

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const data = mkdtempSync(join(tmpdir(), 'hookflow-e2e-data-'));
const server = spawn(join(root, 'bin/hookflow'), ['serve'], {
  env: { ...process.env, HOOKFLOW_ADDR: `127.0.0.1:${port}`, HOOKFLOW_DATA_DIR: data, HOOKFLOW_ADMIN_KEY: key },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let failed = false;
let page;
try {
  await waitUp(url);
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  await page.goto(url);

  await page.getByLabel('API key').fill('hfk_wrong_key_0000000000');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('alert').waitFor();
  check((await page.getByRole('alert').textContent()).includes('API key'), 'a wrong key is refused in plain words');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('No flows yet').waitFor();
  check(true, 'signed in; the empty flows list explains what to do');
  await page.screenshot({ path: join(shots, '1-flows-empty.png') });

  await page.getByLabel('Name of the new flow').fill('Assigned chat -> CRM owner');
  await page.getByRole('button', { name: 'Create flow' }).click();
  await page.locator('.react-flow__node').first().waitFor();
  check(page.url().includes('/flows/flw_'), 'a new flow opens in the editor');

  await page.locator('.react-flow__node').first().click();
  const hookUrl = await page.locator('#webhook-url').inputValue();
  check(hookUrl.includes('/hook/'), 'the trigger panel shows the webhook URL');
  await page.getByRole('button', { name: 'Capture Response' }).click();
  await page.getByText('Waiting for a request').waitFor();
  const hookPath = new URL(hookUrl).pathname;
  // Send the request the external tool would send, once the capture waits.
  await new Promise((r) => setTimeout(r, 700));
  const sent = await fetch(`${url}${hookPath}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      event: 'CHAT_ASSIGNED_TO_AGENT',
      customer: { name: 'Asha', phoneNumber: '919812345678' },
      assignedAgent: { name: 'Ravi', email: 'ravi@example.com' },
      wabaNumber: '918000000000',
    }),
  });
  check(sent.status < 500, `the webhook accepted the request (${sent.status})`);
  await page.getByRole('button', { name: 'phoneNumber' }).waitFor({ timeout: 15_000 });
  check(true, 'the captured request shows as a tree');
  await page.getByRole('button', { name: 'phoneNumber' }).click();
  await page.getByRole('button', { name: 'wabaNumber' }).click();
  const paths = await page.locator('.field-path input').evaluateAll((els) => els.map((e) => e.value));
  check(
    paths.includes('body.customer.phoneNumber') && paths.includes('body.wabaNumber'),
    'clicking fields adds mappings with their paths',
  );
  await page.screenshot({ path: join(shots, '2-capture-mapped.png') });

  await page.getByRole('button', { name: 'Condition', exact: true }).click();
  check((await page.locator('.react-flow__node').count()) === 2, 'a condition is added from the palette');
  const src = page.locator('.react-flow__node').first().locator('.react-flow__handle.source').first();
  const dst = page.locator('.react-flow__node').nth(1).locator('.react-flow__handle.target');
  await src.dragTo(dst);
  check((await page.locator('.react-flow__edge').count()) === 1, 'the trigger connects to the condition');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.locator('.problems').waitFor();
  check((await page.locator('.step.has-problem').count()) > 0, 'publishing pins problems on the steps');
  await page.screenshot({ path: join(shots, '3-publish-problems.png') });
} catch (err) {
  failed = true;
  console.error(err);
  await page?.screenshot({ path: join(shots, 'failure.png') }).catch(() => {});
} finally {
  await browser.close();
  server.kill();
  rmSync(data, { recursive: true, force: true });
}
console.log(failed ? 'e2e: FAILED' : `e2e: passed; screenshots in ${shots}`);
process.exit(failed ? 1 : 0);
