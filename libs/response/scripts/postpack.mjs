// After packing: remove the bundled copy of @response/contracts, so the workspace link is used again.
import { readdirSync, rmSync, rmdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const modules = fileURLToPath(new URL('../node_modules', import.meta.url));
rmSync(`${modules}/@response/contracts`, { recursive: true, force: true });
for (const dir of [`${modules}/@response`, modules]) {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // not there
  }
}
