// Runs a TypeScript benchmark: `node bench/run.mjs bench/<name>.ts` (from the repository root).
//
// Compiles the file with swc (a dev dependency), and with it every TypeScript file it imports
// by a relative path, transitively (the test support code in test/support/, test/fakes/, …),
// into node_modules/.cache/bench/ with the repository's folder layout
// (test/support/processes.ts → node_modules/.cache/bench/test/support/processes.js),
// then imports the compiled benchmark.
//
// Files are compiled with the swc options of test/jest.config.js, so support code compiles as
// it does for the tests. Each compiled file sees its source's URL as `import.meta.url` (and
// `import.meta.dirname`, `import.meta.filename`), so paths relative to a source file, such as
// REPO_ROOT in test/support/processes.ts, mean what they mean in the tests.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import swc from '@swc/core';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = resolve(ROOT, 'node_modules/.cache/bench');

/** As in test/jest.config.js (support code may carry decorators), with inline source maps. */
const OPTIONS = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

/** The specifiers of a compiled module's imports, re-exports and dynamic imports of a literal. */
function specifiers(code) {
  const found = [];
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    if (/^(ImportDeclaration|ExportAllDeclaration|ExportNamedDeclaration)$/.test(node.type)) {
      if (node.source) found.push(node.source.value);
    } else if (node.type === 'CallExpression' && node.callee.type === 'Import') {
      const argument = node.arguments[0]?.expression;
      if (argument?.type === 'StringLiteral') found.push(argument.value);
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(swc.parseSync(code, { syntax: 'ecmascript' }).body);
  return found;
}

/** The TypeScript source a relative specifier (`./x.js`, as NodeNext writes it) names. */
function sourceOf(importer, specifier) {
  const source = resolve(dirname(importer), specifier).replace(/\.js$/, '.ts');
  if (!source.endsWith('.ts') || !existsSync(source)) {
    throw new Error(
      `${relative(ROOT, importer)} imports '${specifier}', which names no TypeScript file (bench/run.mjs compiles TypeScript only)`,
    );
  }
  return source;
}

/** Where the compiled form of a source file goes. */
function outputOf(source) {
  const path = relative(ROOT, source);
  if (path.startsWith('..') || isAbsolute(path)) {
    throw new Error(`${source} lies outside the repository`);
  }
  return resolve(CACHE, path.replace(/\.ts$/, '.js'));
}

/** Compiles one source file, then every file it imports that is not compiled yet. */
function compile(source, done) {
  if (done.has(source)) return;
  done.add(source);
  const meta = {
    url: pathToFileURL(source).href,
    dirname: dirname(source),
    filename: source,
  };
  const code = swc
    .transformFileSync(source, OPTIONS)
    .code.replace(/\bimport\.meta\.(url|dirname|filename)\b/g, (_, key) =>
      JSON.stringify(meta[key]),
    );
  const output = outputOf(source);
  mkdirSync(dirname(output), { recursive: true });
  writeFileSync(output, code);
  for (const specifier of specifiers(code)) {
    if (specifier.startsWith('.')) compile(sourceOf(source, specifier), done);
  }
}

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node bench/run.mjs bench/<name>.ts');
  process.exit(2);
}
mkdirSync(CACHE, { recursive: true });
// Under node_modules no package.json of the repository applies: say the output is ES modules.
writeFileSync(resolve(CACHE, 'package.json'), '{ "type": "module" }\n');
compile(resolve(entry), new Set());
process.setSourceMapsEnabled(true);
await import(pathToFileURL(outputOf(resolve(entry))).href);
