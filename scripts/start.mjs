// `npm start`: builds what is missing or out of date, then starts the server.
import { spawn } from 'node:child_process';
import { buildIfStale as build, root } from './build-if-stale.mjs';

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
