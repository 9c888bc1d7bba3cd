// Runs a command-line tool of the library (`npm run slack:manifest`, `slack:check`, …),
// building the library first only when it is missing or out of date.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { buildLibrary, root } from './build-if-stale.mjs';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  process.stderr.write(
    'usage: node scripts/run-library-cli.mjs <file under libs/response/dist> [args]\n',
  );
  process.exit(2);
}
// Build messages go to stderr, so that `npm run -s slack:manifest > manifest.yaml` stays clean.
buildLibrary({ quiet: true });
process.argv = [process.argv[0], entry, ...args];
await import(pathToFileURL(join(root, 'libs/response/dist', entry)).href);
