// Fails when source files import each other in a circle (type-only imports included:
// a circle of types is still a circle for the reader). `npm run lint` runs it.
//   node scripts/check-import-cycles.mjs [folder …]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const folders = process.argv.slice(2);
const roots = (
  folders.length > 0
    ? folders
    : ['libs/contracts/src', 'libs/response/src', 'server/src', 'client/src']
).map((folder) => resolve(root, folder));

function sources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'dist') out.push(...sources(path));
    } else if (/\.ts$/.test(entry.name) && !/\.(spec|d)\.ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`.
const SPECIFIER =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveSpecifier(from, specifier) {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts'), base];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile()) ?? null;
}

const graph = new Map();
for (const file of roots.filter((dir) => existsSync(dir)).flatMap(sources)) {
  const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  const targets = new Set();
  for (const match of text.matchAll(SPECIFIER)) {
    const target = resolveSpecifier(file, match[1] ?? match[2]);
    if (target && target !== file) targets.add(target);
  }
  graph.set(file, targets);
}

// Tarjan's strongly connected components: every component of two or more files is a circle.
let index = 0;
const stack = [];
const state = new Map();
const circles = [];
function visit(node) {
  state.set(node, { index, low: index, onStack: true });
  index++;
  stack.push(node);
  for (const next of graph.get(node) ?? []) {
    if (!graph.has(next)) continue;
    if (!state.has(next)) {
      visit(next);
      state.get(node).low = Math.min(state.get(node).low, state.get(next).low);
    } else if (state.get(next).onStack) {
      state.get(node).low = Math.min(state.get(node).low, state.get(next).index);
    }
  }
  if (state.get(node).low === state.get(node).index) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      state.get(member).onStack = false;
      component.push(member);
    } while (member !== node);
    if (component.length > 1) circles.push(component);
  }
}
for (const node of graph.keys()) if (!state.has(node)) visit(node);

if (circles.length > 0) {
  process.stderr.write(`Import circles (${circles.length}):\n`);
  for (const circle of circles) {
    const members = new Set(circle);
    process.stderr.write(`- ${circle.length} files:\n`);
    for (const file of circle.sort()) {
      const inCircle = [...graph.get(file)].filter((target) => members.has(target));
      process.stderr.write(
        `    ${relative(root, file)} -> ${inCircle.map((t) => relative(root, t)).join(', ')}\n`,
      );
    }
  }
  process.exit(1);
}
process.stdout.write(`No import circles among ${graph.size} files.\n`);
