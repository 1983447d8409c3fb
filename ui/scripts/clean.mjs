// Removes the previous build from dist/, keeping the committed placeholder.
import { rmSync } from 'node:fs';

rmSync(new URL('../dist/assets', import.meta.url), { recursive: true, force: true });
rmSync(new URL('../dist/app.html', import.meta.url), { force: true });
