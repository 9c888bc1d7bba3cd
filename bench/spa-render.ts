/**
 * Benchmark: how long the incident doc of an incident with 1,000 timeline
 * entries takes to render in Chromium, and the size of the web app's initial
 * JavaScript.
 *
 *   npm run bench:spa
 *
 * builds everything, compiles this file with swc (bench/run.mjs) and runs it
 * from the repository root. It creates a scratch database on the local
 * Postgres (override with BENCH_DATABASE_URL, an existing database used to
 * create and drop it), starts the built server (server/dist/main.js) on it,
 * seeds one incident with BENCH_ENTRIES (1000) timeline entries through the
 * API, then opens `/incident/<id>/` BENCH_RUNS (5) times in Debian's headless
 * Chromium and measures, in the page, the time from the start of navigation
 * until the last timeline entry is in the DOM with its markdown rendered.
 * The first run starts with an empty browser cache; the others reuse it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { chromium } from 'playwright-core';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ADMIN = { username: 'bench', password: 'bench-password-1' };
const ROOT = process.cwd();
const DIST = resolve(ROOT, 'client/dist/client/browser');
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The files index.html loads before the app runs: scripts, module preloads and styles. */
function initialBundle(): { files: string[]; raw: number; gzip: number } {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = readFileSync(join(DIST, file));
    raw += body.length;
    gzip += gzipSync(body, { level: 9 }).length;
  }
  return { files, raw, gzip };
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

async function startServer(databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['server/dist/main.js'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'error',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not start');
}

async function main(): Promise<void> {
  statSync(join(DIST, 'index.html'));
  const bundle = initialBundle();
  const chromiumPath = execFileSync('sh', ['-c', 'command -v chromium'], {
    encoding: 'utf8',
  }).trim();

  const name = `response_bench_spa_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${name}`;

  let server: { url: string; child: ChildProcess } | undefined;
  const profile = mkdtempSync(join(tmpdir(), 'response-bench-chromium-'));
  try {
    server = await startServer(dbUrl.toString());
    const base = server.url;
    const authorization = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
    const core = async <T>(method: string, path: string, body: unknown): Promise<T> => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };

    const seedStart = performance.now();
    const incident = await core<{ id: number }>('POST', '/core/incidents', {
      report: 'Timeline stress test',
      summary: 'An incident with a very long timeline.',
      severity: '2',
    });
    const start = Date.parse('2025-03-01T08:00:00Z');
    const texts = [
      'Checked the **dashboards**',
      'Paged `db` on-call',
      'Rolled back deploy :rewind:',
      'See [the runbook](https://example.com/runbook)',
    ];
    let next = 0;
    const worker = async () => {
      while (next < ENTRIES) {
        const i = next++;
        await core('POST', `/core/incidents/${incident.id}/timeline/events`, {
          timestamp: new Date(start + i * 97_000).toISOString(),
          text: `${i + 1}. ${texts[i % texts.length]}`,
        });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const seedMs = performance.now() - seedStart;

    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: false,
      args: ARGS,
      viewport: { width: 1280, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/login`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();

    const samples: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      if (run === 0) {
        const cdp = await context.newCDPSession(page);
        await cdp.send('Network.clearBrowserCache');
        await cdp.detach();
      }
      await page.goto('about:blank');
      await page.goto(`${base}/incident/${incident.id}/`, { waitUntil: 'commit' });
      const handle = await page.waitForFunction(
        (count) => {
          const entries = document.querySelectorAll('[data-timeline-entry]');
          if (entries.length < count) return false;
          const last = entries[entries.length - 1].querySelector('markdown');
          return last && last.childElementCount > 0 ? performance.now() : false;
        },
        ENTRIES,
        { polling: 'raf', timeout: 120_000 },
      );
      samples.push(Number(await handle.jsonValue()));
    }
    await context.close();

    console.log(
      `Initial bundle: ${bundle.files.length} files, ${kb(bundle.raw)} raw, ${kb(bundle.gzip)} gzip (level 9)`,
    );
    console.log(
      `Seeded ${ENTRIES} timeline entries through the API in ${(seedMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `Doc with ${ENTRIES} timeline entries rendered (navigation start → last entry's markdown in the DOM):`,
    );
    console.log(
      `  runs: ${samples.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} (first with an empty cache)`,
    );
    console.log(`  median of ${RUNS}: ${median(samples).toFixed(0)} ms`);
  } finally {
    server?.child.kill('SIGTERM');
    rmSync(profile, { recursive: true, force: true });
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

await main();
