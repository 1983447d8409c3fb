// Runs every ui/e2e/*.e2e.mjs in turn (each exports `name` and `run`), or
// only those named on the command line; exits non-zero if any failed.
import { readdirSync } from 'node:fs';
import { scenario } from './harness.mjs';

const only = process.argv.slice(2);
const files = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.e2e.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const f of files) {
  const mod = await import(new URL(f, import.meta.url));
  if (!(await scenario(mod.name, mod.run))) failed++;
}
console.log(failed ? `e2e: ${failed} of ${files.length} failed` : `e2e: all ${files.length} passed`);
process.exit(failed ? 1 : 0);
