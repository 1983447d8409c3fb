// Long names do not break the layout (uses harness.mjs): a flow, a step, a
// business number and a run's fields with long unbroken names, and every
// main screen at 1280×800 must fit the window's width, with the long name
// shown (wrapped or cut with an ellipsis), not pushing the page sideways.
// Each screen is also checked with axe-core against WCAG 2 A and AA (names,
// roles, labels, contrast).
import { check, checkAccessible, signIn } from './harness.mjs';

export const name = 'layout';

const long = (what, n = 140) => `${what}_${'x'.repeat(n)}_end`;

export async function run(ctx) {
  const { hf } = ctx;
  const must = async (res, what) => {
    if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  const flowName = long('Flow');
  const f = await must(
    await hf.api('POST', '/api/flows', {
      name: flowName,
      nodes: [
        { id: 'trigger', type: 'webhook', position: { x: 0, y: 0 }, config: { mappings: [{ name: 'customer_number', path: 'body.customer' }] } },
        { id: 'step', type: 'set', name: long('Step'), position: { x: 300, y: 0 }, config: { values: [{ name: 'v', value: '{{ trigger.body.customer }}' }] } },
      ],
      edges: [{ from: 'trigger', to: 'step' }],
    }),
    'create flow',
  );
  for (const step of ['publish', 'activate']) await must(await hf.api('POST', `/api/flows/${f.id}/${step}`), step);
  await must(await hf.api('POST', '/api/channels', { number: 'web-widget', kind: 'chat_source', name: long('Channel', 80) }), 'create channel');
  const hooked = await fetch(`${hf.url}/hook/${f.hookToken}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ customer: long('customer') }),
  });
  const { runId } = await hooked.json();

  const signInPage = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await signInPage.goto(hf.url);
  await signInPage.getByLabel('API key').waitFor();
  await checkAccessible(signInPage, 'sign-in');
  await signInPage.close();

  const page = (ctx.page = await signIn(ctx.browser, hf.url));
  const screens = [
    ['flows list', '/flows', flowName],
    ['overview', '/overview', null],
    ['editor', `/flows/${f.id}`, null],
    ['runs list', '/runs', null],
    ['run detail', `/runs/${runId}`, null],
    ['channels', '/settings/channels', long('Channel', 80)],
    ['outbound webhooks', '/webhooks', null],
  ];
  for (const [what, path, shown] of screens) {
    await page.goto(`${hf.url}${path}`);
    await page.getByRole('navigation', { name: 'Sections' }).or(page.getByRole('button', { name: '← Flows' })).first().waitFor();
    await page.waitForLoadState('networkidle');
    if (shown) await page.getByText(shown).first().waitFor();
    const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
    check(scroll <= width, `${what} fits 1280 px with long names (page ${scroll} px wide)`);
    await checkAccessible(page, what);
  }
}
