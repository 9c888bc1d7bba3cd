/**
 * Benchmark: how long the incident doc of an incident with 1,000 timeline
 * entries takes to render in Chromium, and the size of the web app's initial
 * JavaScript.
 *
 *   npm run bench:spa
 *
 * builds everything, compiles this file and the test support it uses with swc
 * (bench/run.mjs) and runs it from the repository root. Like the browser tests,
 * it starts the built server (server/dist/main.js) on a scratch database on the
 * local Postgres (override with BENCH_DATABASE_URL, an existing database used to
 * create and drop it), seeds one incident with BENCH_ENTRIES (1000) timeline
 * entries through the API, then opens `/incident/<id>/` BENCH_RUNS (5) times in
 * headless Chromium (the browser tests' one: `chromium` on the PATH, else the
 * build in @sparticuz/chromium) and measures, in the page, the time from the
 * start of navigation until the last timeline entry is in the DOM with its
 * markdown rendered. The first run starts with an empty browser cache; the
 * others reuse it.
 */
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium, type Chromium } from '../test/browser/support/chromium.js';
import { startBuiltServer, type RunningServer } from '../test/browser/support/server.js';
import { REPO_ROOT } from '../test/support/processes.js';
import { logIn, median } from './support.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DIST = resolve(REPO_ROOT, 'client/dist/client/browser');

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

async function main(): Promise<void> {
  statSync(join(DIST, 'index.html'));
  const bundle = initialBundle();

  let server: RunningServer | undefined;
  let chromium: Chromium | undefined;
  try {
    server = await startBuiltServer({
      database: { adminUrl: ADMIN_URL, prefix: 'response_bench_spa_' },
    });
    const { url: base, core } = server;

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

    chromium = await launchChromium();
    const { context } = chromium;
    const page = context.pages()[0] ?? (await context.newPage());
    await logIn(page, base);

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
    await chromium?.close();
    await server?.stop();
  }
}

await main();
