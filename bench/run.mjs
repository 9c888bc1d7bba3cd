// Runs a TypeScript benchmark: `node bench/run.mjs bench/<name>.ts`.
// Compiles the file with swc (a dev dependency) into node_modules/.cache/bench, then imports it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import swc from '@swc/core';

const source = process.argv[2];
if (!source) {
  console.error('usage: node bench/run.mjs bench/<name>.ts');
  process.exit(2);
}
const { code } = await swc.transformFile(resolve(source), {
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'es6' },
});
const outDir = resolve('node_modules/.cache/bench');
mkdirSync(outDir, { recursive: true });
const out = resolve(outDir, basename(source).replace(/\.ts$/, '.mjs'));
writeFileSync(out, code);
await import(pathToFileURL(out).href);
