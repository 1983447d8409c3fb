// What every end-to-end test needs: a real hookflow (bin/hookflow, built by
// `make ui build`) on a free port with a temporary data folder, a local
// receiver that records what it gets, and Debian's chromium.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const root = new URL('../..', import.meta.url).pathname;
export const adminKey = 'hfk_e2e_admin_key_0123456789';

/** Screenshots go where E2E_SCREENSHOTS says (make test: docs/screenshots). */
export const shots = process.env.E2E_SCREENSHOTS ?? join(tmpdir(), 'hookflow-e2e');
mkdirSync(shots, { recursive: true });

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** checkAccessible runs axe-core on the page against WCAG 2 A and AA and fails on any problem it finds. */
export async function checkAccessible(page, what) {
  await page.addScriptTag({ content: axeSource });
  const problems = await page.evaluate(async () =>
    (await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] })).violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    ),
  );
  check(problems.length === 0, `${what} has no WCAG 2 A/AA problems axe-core finds${problems.length ? `:\n  ${problems.join('\n  ')}` : ''}`);
}

export function check(cond, what) {
  if (!cond) throw new Error(`e2e: ${what}`);
  console.log(`ok  ${what}`);
}

/** waitFor polls fn until it returns a truthy value or the time is up. */
export async function waitFor(fn, what, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`e2e: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** checkSoon is check for what the page shows after its next renders: it polls for up to ms. */
export async function checkSoon(fn, what, ms = 5_000) {
  await waitFor(fn, what, ms);
  console.log(`ok  ${what}`);
}

/** startHookflow starts the binary; loopback is allowed so flows and deliveries can reach the local receiver. */
export async function startHookflow() {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const data = mkdtempSync(join(tmpdir(), 'hookflow-e2e-data-'));
  const proc = spawn(join(root, 'bin/hookflow'), ['serve'], {
    env: {
      ...process.env,
      HOOKFLOW_ADDR: `127.0.0.1:${port}`,
      HOOKFLOW_DATA_DIR: data,
      HOOKFLOW_ADMIN_KEY: adminKey,
      HOOKFLOW_ALLOW_NETWORKS: '127.0.0.0/8',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`hookflow did not start at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    /** api calls the server with the admin key, as an external tool would. */
    api: (method, path, body) =>
      fetch(`${url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${adminKey}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      }),
    stop: () => {
      proc.kill();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

/** startReceiver records every request it gets; answer decides the status. */
export async function startReceiver(answer = () => 200) {
  const got = [];
  const srv = createHttpServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      got.push({ method: req.method, path: req.url, headers: req.headers, body });
      res.writeHead(answer(req), { 'Content-Type': 'application/json' });
      res.end('{"ok":true}');
    });
  });
  await new Promise((r) => srv.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${srv.address().port}`, got, stop: () => srv.close() };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** signIn opens the studio at 1280×800 and signs in with the admin key. */
export async function signIn(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  await page.goto(url);
  await page.getByLabel('API key').fill(adminKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
  return page;
}

/** shot saves a screenshot of the page under the screenshots folder. */
export function shot(page, name) {
  return page.screenshot({ path: join(shots, `${name}.png`) });
}

/**
 * scenario runs one test with a fresh hookflow, receiver and browser and
 * always cleans up; a failure leaves failure-<name>.png behind.
 */
export async function scenario(name, fn) {
  const hf = await startHookflow();
  const receiver = await startReceiver();
  const browser = await launchBrowser();
  const ctx = { hf, receiver, browser, page: null };
  try {
    await fn(ctx);
    console.log(`e2e: ${name}: passed`);
    return true;
  } catch (err) {
    console.error(`e2e: ${name}: FAILED`);
    console.error(err);
    await ctx.page?.screenshot({ path: join(tmpdir(), `hookflow-e2e-failure-${name}.png`) }).catch(() => {});
    return false;
  } finally {
    await browser.close();
    receiver.stop();
    hf.stop();
  }
}
