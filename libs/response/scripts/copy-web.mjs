// Copies the built web app (client/dist/client/browser) into dist/web, so the package serves it.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const from = fileURLToPath(new URL('../../../client/dist/client/browser', import.meta.url));
const to = fileURLToPath(new URL('../dist/web', import.meta.url));
rmSync(to, { recursive: true, force: true });
if (existsSync(`${from}/index.html`)) cpSync(from, to, { recursive: true });
else process.stdout.write('The web app is not built yet: the library is built without it.\n');
