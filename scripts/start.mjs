// `npm start`: builds what is missing or out of date, then starts the server.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

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

function build(workspace, sources, output) {
  const out = join(root, output);
  if (
    existsSync(out) &&
    statSync(out).mtimeMs >= Math.max(...sources.map((s) => newest(join(root, s))))
  )
    return;
  process.stdout.write(`Building ${workspace}…\n`);
  const result = spawnSync('npm', ['run', 'build', '-w', workspace], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

build('@response/contracts', ['libs/contracts/src'], 'libs/contracts/dist/index.js');
build(
  '@response/client',
  ['client/src', 'libs/contracts/src'],
  'client/dist/client/browser/index.html',
);
build(
  '@response/nest',
  ['libs/response/src', 'libs/contracts/src', 'client/src'],
  'libs/response/dist/index.js',
);
build('@response/server', ['server/src', 'libs/response/src'], 'server/dist/main.js');

const server = spawn(process.execPath, ['server/dist/main.js'], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
