// Fails when the JavaScript a first visit downloads weighs more than the budget
// once gzipped. Reads the production build: the scripts and module preloads that
// index.html names, and every module they import statically (lazy routes, loaded
// with `import()`, are not counted).
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 200 * 1000;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'client', 'browser');

let html;
try {
  html = readFileSync(join(root, 'index.html'), 'utf8');
} catch {
  console.error(`No production build in ${root}: run "ng build" first.`);
  process.exit(1);
}

const entries = [
  ...[...html.matchAll(/<script\b[^>]*\bsrc="([^"]+\.js)"/g)].map((m) => m[1]),
  ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+\.js)"/g)].map(
    (m) => m[1],
  ),
];
if (!entries.some((file) => /^main[-.]/.test(file))) {
  console.error('index.html loads no main script: is this the production build?');
  process.exit(1);
}

const STATIC_IMPORT = /\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']\.\/([^"']+\.js)["']/g;
const seen = new Set();
const queue = [...entries];
let raw = 0;
let gzip = 0;
while (queue.length > 0) {
  const file = queue.shift();
  if (seen.has(file)) continue;
  seen.add(file);
  const code = readFileSync(join(root, file));
  raw += code.length;
  gzip += gzipSync(code, { level: 9 }).length;
  for (const m of code.toString('utf8').matchAll(STATIC_IMPORT)) queue.push(m[1]);
}

const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
const line = `Initial JS: ${seen.size} files, ${kb(raw)} raw, ${kb(gzip)} gzip (budget ${kb(BUDGET_BYTES)} gzip)`;
if (gzip > BUDGET_BYTES) {
  console.error(`${line}: over budget.`);
  process.exit(1);
}
console.log(line);
