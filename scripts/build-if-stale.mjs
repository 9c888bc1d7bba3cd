// Builds a workspace only when its output is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

function newest(dir) {
  let latest = 0;
  if (!existsSync(dir)) return latest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.'))
      continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** `npm run build -w <workspace>` unless `output` is newer than every file under `sources`. */
export function buildIfStale(workspace, sources, output, { quiet = false } = {}) {
  const out = join(root, output);
  if (
    existsSync(out) &&
    statSync(out).mtimeMs >= Math.max(...sources.map((s) => newest(join(root, s))))
  )
    return;
  (quiet ? process.stderr : process.stdout).write(`Building ${workspace}…\n`);
  const result = spawnSync('npm', ['run', '-s', 'build', '-w', workspace], {
    cwd: root,
    stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The contracts and the library, built when stale (the web app is not needed). */
export function buildLibrary(options) {
  buildIfStale(
    '@response/contracts',
    ['libs/contracts/src'],
    'libs/contracts/dist/index.js',
    options,
  );
  buildIfStale(
    '@response/nest',
    ['libs/response/src', 'libs/contracts/src'],
    'libs/response/dist/index.js',
    options,
  );
}
