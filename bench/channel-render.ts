/**
 * Benchmark: the Channel tab of an incident whose channel kept BENCH_CHANNEL_MESSAGES
 * (10,000) messages, in Chromium.
 *
 *   npm run bench:channel
 *
 * builds everything, compiles this file and the test support it uses with swc
 * (bench/run.mjs) and runs it from the repository root. Like the browser tests,
 * it starts the built server (server/dist/main.js) on a scratch database on the
 * local Postgres (override with BENCH_DATABASE_URL, an existing database used to
 * create and drop it), and seeds one incident's messages with generate_series:
 * over five days, a fifth of them thread replies, some edited, some deleted,
 * some with files, in several languages. Then, BENCH_RUNS (3) times, it opens
 * `/incident/<id>/channel` in headless Chromium (the browser tests' one) and
 * measures, in the page, from the start of navigation:
 * - first render: the first message of the list is in the DOM;
 * - end reached: after pressing End at first render, the last message is on
 *   screen (the page keeps scrolling to the bottom each frame until it is);
 * - loaded: the last page of messages has arrived (from Resource Timing);
 * and, on the last run, jumps to 40 places spread over the list, as when
 * dragging the scroll bar, timing each until the middle of the screen shows
 * messages (over 50 ms is a wait a person notices).
 */
import { launchChromium, type Chromium } from '../test/browser/support/chromium.js';
import { startBuiltServer, type RunningServer } from '../test/browser/support/server.js';
import pg from 'pg';
import { INCIDENT_WORDS, logIn, median, summary, thousands } from './support.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MESSAGES = Number(process.env.BENCH_CHANNEL_MESSAGES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const JUMPS = 40;
/** Seconds between two messages: 10,000 messages span about five days. */
const GAP = 43;
const START = Date.parse('2026-03-02T06:00:00Z') / 1000;

/** Seeds the incident's messages; answers the ts of the last top-level one and how many are top-level. */
async function seed(url: string, incidentId: number): Promise<{ last: string; parents: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`SELECT setseed(0.42)`);
    await client.query(
      `INSERT INTO external_user (app_id, external_id, display_name, full_name, deleted)
       SELECT 'slack', 'U' || lpad(g::text, 6, '0'), 'user' || g, 'User ' || g, false
         FROM generate_series(1, 12) AS g`,
    );
    // Message k; k % 10 of 3 and 4 are replies in the thread of message k - k % 10.
    await client.query(
      `INSERT INTO channel_message (incident_id, channel_id, ts, thread_ts, author_slack_id, bot, text, files,
                                    versions, posted_at, edited_at, deleted, seen)
       SELECT $1, 'C0BENCH', (${START} + k * ${GAP})::text || '.000100',
              CASE WHEN k % 10 IN (3, 4) THEN (${START} + (k - k % 10) * ${GAP})::text || '.000100' END,
              CASE WHEN k % 97 = 0 THEN NULL ELSE 'U' || lpad((1 + k % 12)::text, 6, '0') END, k % 97 = 0,
              CASE WHEN k % 200 = 11 THEN ''
                   ELSE concat_ws(' ', w[1 + floor(random() * n)::int], w[1 + floor(random() * n)::int],
                                  w[1 + floor(random() * n)::int], w[1 + floor(random() * n)::int],
                                  w[1 + floor(random() * n)::int], w[1 + floor(random() * n)::int],
                                  CASE WHEN k % 7 = 0 THEN w[1 + floor(random() * n)::int] || E'\\n' ||
                                    w[1 + floor(random() * n)::int] || ' ' || w[1 + floor(random() * n)::int] END) END,
              CASE WHEN k % 100 = 17 THEN jsonb_build_array(jsonb_build_object(
                'name', 'graph-' || k || '.png', 'type', 'image/png', 'size', 20480 + k,
                'permalink', 'https://acme.slack.test/files/F' || k || '/graph.png')) ELSE '[]' END,
              CASE WHEN k % 100 = 5 THEN jsonb_build_array(jsonb_build_object(
                'text', 'first draft', 'at', to_timestamp(${START} + k * ${GAP}))) ELSE '[]' END,
              to_timestamp(${START} + k * ${GAP}),
              CASE WHEN k % 100 = 5 THEN to_timestamp(${START} + k * ${GAP} + 30) END,
              k % 200 = 11, true
         FROM generate_series(0, $2 - 1) AS k,
              (SELECT $3::text[] AS w, cardinality($3::text[]) AS n) AS vocabulary`,
      [incidentId, MESSAGES, INCIDENT_WORDS],
    );
    await client.query('ANALYZE channel_message');
    const [{ ts, parents }]: { ts: string; parents: string }[] = (
      await client.query(
        `SELECT max(ts) FILTER (WHERE thread_ts IS NULL) AS ts, count(*) FILTER (WHERE thread_ts IS NULL) AS parents
           FROM channel_message WHERE incident_id = $1`,
        [incidentId],
      )
    ).rows;
    return { last: ts, parents: Number(parents) };
  } finally {
    await client.end();
  }
}

interface Run {
  firstRender: number;
  loaded: number;
  endReached: number;
}

async function main(): Promise<void> {
  let server: RunningServer | undefined;
  let chromium: Chromium | undefined;
  try {
    server = await startBuiltServer({
      database: { adminUrl: ADMIN_URL, prefix: 'response_bench_channel_' },
    });
    const incident = await server.core<{ id: number }>('POST', '/core/incidents', {
      report: 'Checkout errors after the deploy',
    });
    const seedStart = performance.now();
    const { last, parents } = await seed(server.database.url, incident.id);
    const seedMs = performance.now() - seedStart;

    chromium = await launchChromium();
    const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
    await logIn(page, server.url);

    const runs: Run[] = [];
    for (let run = 0; run < RUNS; run++) {
      await page.goto('about:blank');
      await page.goto(`${server.url}/incident/${incident.id}/channel`, { waitUntil: 'commit' });
      const firstRender = Number(
        await (
          await page.waitForFunction(
            () => (document.querySelector('[data-message]') ? performance.now() : false),
            undefined,
            { polling: 'raf', timeout: 120_000 },
          )
        ).jsonValue(),
      );
      // Press End at once, as someone after the latest messages would; keep going to the bottom.
      await page.keyboard.press('End');
      const endReached = await page.evaluate(
        (ts) =>
          new Promise<number>((done) => {
            const step = () => {
              const lastMessage = document.querySelector(`[data-message][data-ts="${ts}"]`);
              const box = lastMessage?.getBoundingClientRect();
              if (box && box.top >= 0 && box.bottom <= window.innerHeight) {
                done(performance.now());
                return;
              }
              window.scrollTo(0, document.documentElement.scrollHeight);
              requestAnimationFrame(step);
            };
            step();
          }),
        last,
      );
      const loaded = await page.evaluate(() =>
        Math.max(
          ...performance
            .getEntriesByType('resource')
            .filter((entry) => /\/messages\?/.test(entry.name))
            .map((entry) => (entry as PerformanceResourceTiming).responseEnd),
        ),
      );
      runs.push({ firstRender, endReached, loaded });
    }

    // Jumps to JUMPS places spread over the list, as when dragging the scroll bar, and times each
    // until the middle of the screen shows messages (not a block still to render).
    const jumpTimes = await page.evaluate(async (jumps) => {
      const frame = () => new Promise((r) => requestAnimationFrame(r));
      const shown = () => {
        const list = document.querySelector('.day-group')?.getBoundingClientRect();
        const at = document.elementFromPoint((list?.left ?? 0) + 40, window.innerHeight / 2);
        return at !== null && at.closest('.day-group') !== null && at.closest('.pending') === null;
      };
      const times: number[] = [];
      for (let i = 0; i <= jumps; i++) {
        await frame();
        const started = performance.now();
        window.scrollTo(
          0,
          ((document.documentElement.scrollHeight - window.innerHeight) * i) / jumps,
        );
        do await frame();
        while (!shown() && performance.now() - started < 10_000);
        times.push(performance.now() - started);
      }
      return times;
    }, JUMPS);
    const jumpStats = summary(jumpTimes);
    const slow = jumpTimes.filter((ms) => ms > 50).length;

    const ms = (values: number[]) => `${Math.round(median(values))} ms`;
    const each = (values: number[]) => values.map((v) => Math.round(v)).join(', ');
    console.log(
      `Seeded ${thousands(MESSAGES)} messages (${thousands(parents)} top-level, the rest thread replies) with SQL in ${(seedMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `Channel tab with ${thousands(MESSAGES)} messages, ${RUNS} runs, from the start of navigation (median, then each run in ms):`,
    );
    console.log(
      `  first render: ${ms(runs.map((r) => r.firstRender))} (${each(runs.map((r) => r.firstRender))})`,
    );
    console.log(
      `  every page of messages loaded: ${ms(runs.map((r) => r.loaded))} (${each(runs.map((r) => r.loaded))})`,
    );
    console.log(
      `  end reached (End pressed at first render): ${ms(runs.map((r) => r.endReached))} (${each(runs.map((r) => r.endReached))})`,
    );
    console.log(
      `  jumping through the list (${jumpTimes.length} places), until the screen shows messages: p50 ${jumpStats.p50} ms, p95 ${jumpStats.p95} ms, longest ${jumpStats.max} ms, ${slow} over 50 ms`,
    );
  } finally {
    await chromium?.close();
    await server?.stop();
  }
}

await main();
