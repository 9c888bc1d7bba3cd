// Before `npm pack`/`npm publish`: the package must carry the built server, the built
// web app and its one workspace dependency, @response/contracts, bundled inside it.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const lib = fileURLToPath(new URL('..', import.meta.url));
const contracts = fileURLToPath(new URL('../../contracts', import.meta.url));
const missing = [
  [`${lib}/dist/index.js`, 'the library (npm run build -w @response/nest)'],
  [`${lib}/dist/web/index.html`, 'the web app (npm run build)'],
  [`${contracts}/dist/index.js`, 'the contracts (npm run build -w @response/contracts)'],
].filter(([path]) => !existsSync(path));
if (missing.length > 0) {
  process.stderr.write(
    `Cannot pack @response/nest: build first. Missing: ${missing.map(([, what]) => what).join(', ')}\n`,
  );
  process.exit(1);
}
// npm bundles a dependency only from the package's own node_modules, never through a workspace link.
const target = `${lib}/node_modules/@response/contracts`;
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
cpSync(`${contracts}/package.json`, `${target}/package.json`);
cpSync(`${contracts}/dist`, `${target}/dist`, { recursive: true });
const { version } = JSON.parse(readFileSync(`${target}/package.json`, 'utf8'));
process.stdout.write(`Bundled @response/contracts ${version}\n`);
