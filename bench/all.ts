/**
 * Every benchmark of issue-level targets, run one after the other on this
 * machine, summarised in ONE table (Markdown, for the README):
 *
 *   npm run bench
 *
 * builds everything, then runs as child processes (each cleans up after itself):
 * - bench/slack-ack.ts with Redis up: `/slack/event` and `/slack/action` acks at
 *   BENCH_RATE (200) req/s for BENCH_DURATION (30) s, declare → headline, RSS;
 * - bench/slack-ack.ts with Redis stopped before the load (the outbox path);
 * - bench/core-incidents.ts with BENCH_INCIDENTS (100,000) incidents:
 *   `GET /core/incidents?limit=100` latency, SQL statements per request, and
 *   the ratio to the raw SQL that returns the same rows;
 * - bench/live-streams.ts: a change fanned out to 200 open SSE streams;
 * - bench/core-insights.ts with BENCH_INCIDENTS (100,000) incidents, their
 *   actions and change history: `GET /core/insights` for 12 months, p50/p99
 *   as an admin and as a viewer, and the ratio to the raw SQL it runs;
 * - bench/spa-render.ts (needs Chromium and the built client): the incident doc
 *   with 1,000 timeline entries. Skipped with BENCH_SKIP_SPA=1;
 * - bench/message-ingest.ts: signed `message` events into an incident's comms
 *   channel at BENCH_RATE/s for BENCH_DURATION s: acks, and every message stored;
 * - bench/channel-render.ts (Chromium): the Channel tab with 10,000 messages.
 *   Skipped with BENCH_SKIP_SPA=1;
 * - bench/message-search.ts: `GET /core/incidents/:id/messages?search=` over
 *   BENCH_MESSAGES (1,000,000) stored messages.
 *
 * The machine is shared and noisy: compare figures within one run. Each
 * child's own output is echoed as it runs; the summary comes last.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';

interface Figure {
  measure: string;
  value: string;
  target: string;
  /** undefined when there is no target. */
  met?: boolean;
}

const DURATION = process.env.BENCH_DURATION ?? '30';
const RATE = process.env.BENCH_RATE ?? '200';
const INCIDENTS = process.env.BENCH_INCIDENTS ?? '100000';
const MESSAGES = process.env.BENCH_MESSAGES ?? '1000000';

function run(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stdout.write(
      `\n=== ${script} ${Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}\n`,
    );
    const child = spawn(process.execPath, ['bench/run.mjs', script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      process.stdout.write(chunk);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`)),
    );
  });
}

/** The numbers of one row of slack-ack's Markdown table: p50, p99, max, requests, errors. */
function ackRow(out: string, label: RegExp): number[] | null {
  const line = out.split('\n').find((l) => label.test(l));
  if (!line) return null;
  return line
    .split('|')
    .slice(2, 7)
    .map((cell) => Number(cell.trim()));
}

const num = (text: string, pattern: RegExp): number | null => {
  const match = pattern.exec(text);
  return match ? Number(match[1]) : null;
};
const show = (value: number | null | undefined, unit = '') =>
  value === null || value === undefined || Number.isNaN(value) ? 'n/a' : `${value}${unit}`;

async function slackFigures(figures: Figure[], redisDown: boolean): Promise<void> {
  const label = redisDown ? ' (Redis stopped)' : '';
  let out: string;
  try {
    out = await run('bench/slack-ack.ts', {
      BENCH_DURATION: DURATION,
      BENCH_RATE: RATE,
      ...(redisDown ? { BENCH_REDIS_DOWN: '1' } : {}),
    });
  } catch (error) {
    figures.push({
      measure: `Slack ack${label}`,
      value: `failed: ${(error as Error).message}`,
      target: 'p99 ≤ 25 ms',
      met: false,
    });
    return;
  }
  for (const [path, pattern] of [
    ['/slack/event', /\/slack\/event ack/],
    ['/slack/action', /\/slack\/action ack/],
  ] as const) {
    const row = ackRow(out, pattern);
    figures.push({
      measure: `${path} ack @ ${RATE}/s for ${DURATION} s${label}: p50 / p99 / max`,
      value: row
        ? `${row[0]} / ${row[1]} / ${row[2]} ms (${row[3]} requests, ${row[4]} errors)`
        : 'n/a',
      target: 'p99 ≤ 25 ms, 0 errors',
      met: row ? row[1] <= 25 && row[4] === 0 : false,
    });
  }
  if (!redisDown) {
    const row = ackRow(out, /declare -> headline/);
    figures.push({
      measure: 'declare → headline at the fake Slack: p50 / p99 / max',
      value: row
        ? `${row[0]} / ${row[1]} / ${row[2]} ms (${row[3]} declarations, ${row[4]} missing)`
        : 'n/a',
      target: 'p99 ≤ 300 ms',
      met: row ? row[1] <= 300 && row[4] === 0 : false,
    });
  }
  const idle = num(out, /Server RSS: (\d+(?:\.\d+)?) MB idle/);
  const loaded = num(out, /MB idle, (\d+(?:\.\d+)?) MB after the ack load/);
  figures.push({
    measure: `server RSS idle / after the ack load${label}`,
    value: `${show(idle, ' MB')} / ${show(loaded, ' MB')}`,
    target: '≤ 250 MB',
    met: idle !== null && loaded !== null && Math.max(idle, loaded) <= 250,
  });
}

async function coreFigures(figures: Figure[]): Promise<void> {
  let out: string;
  try {
    out = await run('bench/core-incidents.ts', { BENCH_INCIDENTS: INCIDENTS });
  } catch (error) {
    figures.push({
      measure: 'GET /core/incidents?limit=100',
      value: `failed: ${(error as Error).message}`,
      target: '≤ 3× raw SQL',
      met: false,
    });
    return;
  }
  // console.table rows: │ 'HTTP GET (ms)' │ p50 │ p95 │ p99 │ max │
  const cells = (label: string) => {
    const line = out.split('\n').find((l) => l.includes(label));
    return line
      ? line
          .split('│')
          .map((c) => c.trim())
          .filter(Boolean)
          .slice(1)
          .map(Number)
      : null;
  };
  const http = cells('HTTP GET (ms)');
  const raw = cells('raw SQL, same rows (ms)');
  const queries = num(out, /SQL statements per request: (\d+(?:\.\d+)?)/);
  const ratio = num(out, /Ratio HTTP p50 \/ raw SQL p50: (\d+(?:\.\d+)?)x/);
  figures.push({
    measure: `GET /core/incidents?limit=100, ${Number(INCIDENTS).toLocaleString('en')} incidents: p50 / p99`,
    value: http ? `${http[0]} / ${http[2]} ms` : 'n/a',
    target: '',
  });
  figures.push({
    measure: 'raw SQL for the same rows: p50 / p99',
    value: raw ? `${raw[0]} / ${raw[2]} ms` : 'n/a',
    target: '',
  });
  figures.push({
    measure: 'SQL statements per request (auth included)',
    value: show(queries),
    target: 'constant in page size',
  });
  figures.push({
    measure: 'ratio HTTP p50 / raw SQL p50',
    value: show(ratio, '×'),
    target: '≤ 3×',
    met: ratio !== null && ratio <= 3,
  });
}

async function liveFigures(figures: Figure[]): Promise<void> {
  let out: string;
  try {
    out = await run('bench/live-streams.ts', {});
  } catch (error) {
    figures.push({
      measure: 'live fan-out to 200 streams',
      value: `failed: ${(error as Error).message}`,
      target: '',
      met: false,
    });
    return;
  }
  const p50 = num(out, /p50 (\d+(?:\.\d+)?)/);
  const p99 = num(out, /p99 (\d+(?:\.\d+)?)/);
  const lost = num(out, /events delivered, (\d+) lost/);
  const rss = num(out, /(\d+(?:\.\d+)?) MB with the streams open/);
  figures.push({
    measure: 'a change to 200 open SSE streams on one process: delivery p50 / p99 (events lost)',
    value: `${show(p50, ' ms')} / ${show(p99, ' ms')} (${show(lost)} lost)`,
    target: '0 lost',
    met: lost === 0,
  });
  figures.push({
    measure: 'server RSS with 200 streams open',
    value: show(rss, ' MB'),
    target: '',
  });
}

async function insightsFigures(figures: Figure[]): Promise<void> {
  let out: string;
  try {
    out = await run('bench/core-insights.ts', { BENCH_INCIDENTS: INCIDENTS });
  } catch (error) {
    figures.push({
      measure: 'GET /core/insights',
      value: `failed: ${(error as Error).message}`,
      target: 'p50 ≤ 300 ms',
      met: false,
    });
    return;
  }
  // console.table rows: │ 'insights HTTP admin (ms)' │ p50 │ p95 │ p99 │ max │
  const cells = (label: string) => {
    const line = out.split('\n').find((l) => l.includes(label));
    return line
      ? line
          .split('│')
          .map((c) => c.trim())
          .filter(Boolean)
          .slice(1)
          .map(Number)
      : null;
  };
  const admin = cells('insights HTTP admin (ms)');
  const viewer = cells('insights HTTP viewer (ms)');
  const raw = cells('insights raw SQL (ms)');
  const ratio = num(out, /Insights ratio HTTP p50 \/ raw SQL p50: (\d+(?:\.\d+)?)x/);
  const n = Number(INCIDENTS).toLocaleString('en');
  figures.push({
    measure: `GET /core/insights, 12 months over ${n} incidents, admin: p50 / p99`,
    value: admin ? `${admin[0]} / ${admin[2]} ms` : 'n/a',
    target: 'p50 ≤ 300 ms',
    met: admin !== null && admin[0] <= 300,
  });
  figures.push({
    measure: 'the same as a viewer (private incidents filtered): p50 / p99',
    value: viewer ? `${viewer[0]} / ${viewer[2]} ms` : 'n/a',
    target: '',
  });
  figures.push({
    measure: 'raw SQL the insights run: p50 / p99',
    value: raw ? `${raw[0]} / ${raw[2]} ms` : 'n/a',
    target: '',
  });
  figures.push({ measure: 'ratio HTTP p50 / raw SQL p50', value: show(ratio, '×'), target: '' });
}

async function spaFigures(figures: Figure[]): Promise<void> {
  if (process.env.BENCH_SKIP_SPA === '1') return;
  try {
    const out = await run('bench/spa-render.ts', {});
    const median = num(out, /median of \d+: (\d+(?:\.\d+)?) ms/);
    figures.push({
      measure: 'SPA: incident doc with 1,000 timeline entries, median render',
      value: show(median, ' ms'),
      target: '≤ 1 s',
      met: median !== null && median <= 1000,
    });
  } catch (error) {
    figures.push({
      measure: 'SPA: incident doc with 1,000 timeline entries',
      value: `failed: ${(error as Error).message}`,
      target: '≤ 1 s',
      met: false,
    });
  }
}

async function ingestFigures(figures: Figure[]): Promise<void> {
  let out: string;
  try {
    out = await run('bench/message-ingest.ts', { BENCH_DURATION: DURATION, BENCH_RATE: RATE });
  } catch (error) {
    figures.push({
      measure: 'message ingest',
      value: `failed: ${(error as Error).message}`,
      target: 'p99 ≤ 25 ms, 0 errors',
      met: false,
    });
    return;
  }
  const row = ackRow(out, /message ingest ack/);
  figures.push({
    measure: `message events into a comms channel @ ${RATE}/s for ${DURATION} s: ack p50 / p99 / max`,
    value: row
      ? `${row[0]} / ${row[1]} / ${row[2]} ms (${row[3]} requests, ${row[4]} errors)`
      : 'n/a',
    target: 'p99 ≤ 25 ms, 0 errors',
    met: row ? row[1] <= 25 && row[4] === 0 : false,
  });
  const stored =
    /Stored: (\d+) of (\d+) acknowledged messages, (?:the others still missing|the last) (\S+) s after the load ended/.exec(
      out,
    );
  const drained = num(out, /the job queue was empty (\d+(?:\.\d+)?) s after it ended/);
  figures.push({
    measure: 'acknowledged messages stored (looked up by ts after the load)',
    value: stored
      ? `${stored[1]} of ${stored[2]}, ${stored[1] === stored[2] ? 'the last' : 'the others missing'} ${stored[3]} s after the load (job queue empty after ${show(drained, ' s')})`
      : 'n/a',
    target: 'every one',
    met: stored ? Number(stored[1]) >= Number(stored[2]) : false,
  });
}

async function channelFigures(figures: Figure[]): Promise<void> {
  if (process.env.BENCH_SKIP_SPA === '1') return;
  let out: string;
  try {
    out = await run('bench/channel-render.ts', {});
  } catch (error) {
    figures.push({
      measure: 'Channel tab with 10,000 messages',
      value: `failed: ${(error as Error).message}`,
      target: '≤ 1 s',
      met: false,
    });
    return;
  }
  const first = num(out, /first render: (\d+) ms/);
  const end = num(out, /end reached \(End pressed at first render\): (\d+) ms/);
  const jumps =
    /until the screen shows messages: p50 (\S+) ms, p95 (\S+) ms, longest (\S+) ms/.exec(out);
  figures.push({
    measure: 'Channel tab with 10,000 messages: first render (median of 3)',
    value: show(first, ' ms'),
    target: '≤ 1 s',
    met: first !== null && first <= 1000,
  });
  figures.push({
    measure: 'Channel tab: End pressed at first render → last message on screen',
    value: show(end, ' ms'),
    target: '',
  });
  figures.push({
    measure: 'Channel tab: a jump through the list until it shows messages, p50 / p95 / longest',
    value: jumps ? `${jumps[1]} / ${jumps[2]} / ${jumps[3]} ms` : 'n/a',
    target: '',
  });
}

async function searchFigures(figures: Figure[]): Promise<void> {
  let out: string;
  try {
    out = await run('bench/message-search.ts', { BENCH_MESSAGES: MESSAGES });
  } catch (error) {
    figures.push({
      measure: 'GET …/messages?search=',
      value: `failed: ${(error as Error).message}`,
      target: 'p50 ≤ 100 ms',
      met: false,
    });
    return;
  }
  const seeded =
    /Seeded ([\d,]+) messages .* in (\S+) s, and their indexes and constraints in (\S+) s(?: \(Postgres used (\S+) s of CPU for both\))?/.exec(
      out,
    );
  figures.push({
    measure: `seeding ${seeded?.[1] ?? MESSAGES} messages with generate_series: rows + indexes`,
    value: seeded
      ? `${seeded[2]} + ${seeded[3]} s${seeded[4] ? ` (${seeded[4]} s of Postgres CPU)` : ''}`
      : 'n/a',
    target: '',
  });
  // | rare "…", the largest incident (100,000 messages) | matches | p50 / p99 | raw p50 / p99 | ratio | … |
  for (const line of out.split('\n').filter((l) => /^\| (rare|common|Japanese) /.test(l))) {
    const [label, matches, http, raw, ratio] = line
      .split('|')
      .slice(1, 6)
      .map((cell) => cell.trim());
    const p50 = Number(http.split('/')[0]);
    figures.push({
      measure: `search ${label}: p50 / p99`,
      value: `${http} ms, ${matches} matches (raw SQL ${raw} ms, ${ratio.replace('x', '×')})`,
      target: 'p50 ≤ 100 ms',
      met: p50 <= 100,
    });
  }
  const used = /Trigram index used by the rare term's search: (yes|no)/.exec(out)?.[1];
  const indexes = out
    .split('\n')
    .filter((l) => l.startsWith('Indexes used, ') && /^Indexes used, (rare|common)/.test(l))
    .map((l) => l.replace(/^Indexes used, (\w+) .*?: /, '$1: '))
    .join('; ');
  figures.push({
    measure: 'indexes in the largest incident’s plans (EXPLAIN ANALYZE)',
    value: indexes || 'n/a',
    target: 'the trigram index for a rare term',
    met: used === 'yes',
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  await slackFigures(figures, false);
  await slackFigures(figures, true);
  await coreFigures(figures);
  await insightsFigures(figures);
  await liveFigures(figures);
  await spaFigures(figures);
  await ingestFigures(figures);
  await channelFigures(figures);
  await searchFigures(figures);

  const verdict = (f: Figure) => (f.met === undefined ? '' : f.met ? 'met' : 'MISSED');
  const lines = [
    '',
    `Benchmarks on ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average ${loadavg()[0].toFixed(1)} at the end, ${((Date.now() - started) / 60_000).toFixed(1)} min in all`,
    '',
    '| measure | result | target | |',
    '|---|---|---|---|',
    ...figures.map((f) => `| ${f.measure} | ${f.value} | ${f.target} | ${verdict(f)} |`),
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
