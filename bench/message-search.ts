/**
 * Benchmark: searching the channel record, `GET /core/incidents/:id/messages?search=`,
 * over BENCH_MESSAGES (1,000,000) stored messages.
 *
 *   npm run bench:search
 *
 * builds the contracts and the server, compiles this file and the test support
 * it uses with swc (bench/run.mjs) and runs it from the repository root. It
 * needs the local Postgres (override with BENCH_DATABASE_URL, an existing
 * database used to create and drop a scratch one). Other knobs:
 * BENCH_MESSAGES (1000000), BENCH_MESSAGE_INCIDENTS (1000), BENCH_N (50
 * measured requests per case), BENCH_WARMUP (5).
 *
 * It boots the built library (libs/response/dist) on a scratch database, seeds
 * with generate_series (the indexes of `channel_message` are dropped for the
 * insert and made again after it, as a restore would): BENCH_MESSAGE_INCIDENTS
 * incidents, the largest holding a tenth of the messages and the others about
 * 900 each, each message 8 to 10 words drawn from a vocabulary in fifteen
 * languages (with mentions, emoji and links), a tenth of them thread replies,
 * some edited, some with files. Then, for a typical incident and for the
 * largest one, and for a rare term (in 0.1% of messages, searched in another
 * case than stored), a common one (in 20%) and a Japanese one (about 5%), it
 * times N sequential requests over HTTP (the default page of 100), replays the
 * very SQL statements the request sent (captured from TypeORM's logger) as
 * the raw baseline, prints both with their ratio, and prints the query plans
 * (EXPLAIN ANALYZE) of the largest incident's searches, saying which index
 * each used.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataSource, type QueryRunner } from 'typeorm';
import { ADMIN } from '../test/support/admin.js';
import { createTestDatabase } from '../test/support/database.js';
import { INCIDENT_WORDS as WORDS, summary, thousands, timed, type Summary } from './support.js';

type AppFactory = typeof import('../libs/response/src/index.js');

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1_000_000);
const INCIDENTS = Number(process.env.BENCH_MESSAGE_INCIDENTS ?? 1000);
const N = Number(process.env.BENCH_N ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
/** Messages of the largest incident. */
const BIG = Math.round(MESSAGES / 10);
/** Messages of each other incident (the last one may have fewer). */
const PER = Math.ceil((MESSAGES - BIG) / Math.max(1, INCIDENTS - 1));

const TERMS = [
  { name: 'rare', search: 'zahlungsausfall' },
  { name: 'common', search: 'deploy' },
  { name: 'Japanese', search: 'ロールバック' },
] as const;

const dist = (path: string) =>
  pathToFileURL(resolve(process.cwd(), 'libs/response/dist', path)).href;

/**
 * CPU seconds a Postgres backend has used so far, when Postgres runs on this
 * machine (read from /proc); null otherwise. On a shared machine, this says
 * what the seed costs apart from waiting for the CPU.
 */
async function backendCpuSeconds(runner: QueryRunner): Promise<number | null> {
  try {
    const [{ pid }]: { pid: number }[] = await runner.query('SELECT pg_backend_pid() AS pid');
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Seeds incidents, people and messages; answers how long the rows and the indexes took. */
async function seed(
  ds: DataSource,
): Promise<{ big: number; typical: number; ms: number[]; cpu: number | null }> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const cpuBefore = await backendCpuSeconds(runner);
    await runner.query(`SET maintenance_work_mem = '256MB'`);
    await runner.query(`SET jit = off`);
    await runner.query(`SELECT setseed(0.42)`);
    await runner.query(
      `INSERT INTO external_user (app_id, external_id, display_name, full_name, email, deleted)
       SELECT 'slack', 'U' || lpad(g::text, 6, '0'), 'user' || g, 'User ' || g, 'user' || g || '@example.com', false
         FROM generate_series(1, 40) AS g`,
    );
    const ids: { id: number }[] = await runner.query(
      `INSERT INTO incident (report, reporter_id, lead_id, report_time, report_only, private, start_time, end_time,
                             summary, impact, severity, version)
       SELECT 'Incident ' || g, 1 + g % 40, 1 + (g * 7) % 40, now() - g * interval '1 day', false, false,
              now() - g * interval '1 day', now() - g * interval '1 day' + interval '8 hours',
              'Summary ' || g, 'Impact ' || g, ((g % 4) + 1)::text, 1
         FROM generate_series(1, $1) AS g
       RETURNING id`,
      [INCIDENTS],
    );
    const first = Math.min(...ids.map((row) => row.id));
    // Indexes and constraints (the primary key aside) go while the rows are written, and come
    // back after, as a restore does: building them at once is several times faster.
    const constraints: { name: string; def: string }[] = await runner.query(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE conrelid = 'channel_message'::regclass AND contype <> 'p'`,
    );
    const indexes: { name: string; def: string }[] = await runner.query(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
        WHERE tablename = 'channel_message'
          AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'channel_message'::regclass)`,
    );
    for (const c of constraints)
      await runner.query(`ALTER TABLE channel_message DROP CONSTRAINT "${c.name}"`);
    for (const index of indexes) await runner.query(`DROP INDEX "${index.name}"`);
    // 10,000 sentences of eight words; each message is one of them, maybe with a common word
    // before and a rare one after. The messages are written in the order they were posted
    // (the hash join keeps the order of generate_series), so that an incident's messages lie
    // together on disk, as they would.
    await runner.query(
      `CREATE TEMPORARY TABLE bench_sentence AS
       SELECT k, concat_ws(' ', w[1 + floor(random() * n)::int], w[1 + floor(random() * n)::int],
                                w[1 + floor(random() * n)::int], w[1 + floor(random() * n)::int],
                                w[1 + floor(random() * n)::int], w[1 + floor(random() * n)::int],
                                w[1 + floor(random() * n)::int], w[1 + floor(random() * n)::int]) AS text
         FROM generate_series(0, 9999) AS k, (SELECT $1::text[] AS w, cardinality($1::text[]) AS n) AS vocabulary`,
      [WORDS],
    );
    await runner.query(`ALTER TABLE bench_sentence ADD PRIMARY KEY (k)`);
    await runner.query(`ANALYZE bench_sentence`);
    const rowsMs = await timed(() =>
      runner.query(
        `INSERT INTO channel_message (incident_id, channel_id, ts, thread_ts, author_slack_id, bot, text, files,
                                      versions, posted_at, edited_at, seen)
         SELECT s.incident, 'C' || lpad(s.incident::text, 8, '0'), s.at::text || '.000100',
                -- A tenth are replies in the thread of the message before.
                CASE WHEN s.k % 10 = 3 THEN (s.at - s.gap)::text || '.000100' END,
                'U' || lpad((1 + s.g % 40)::text, 6, '0'), s.g % 50 = 0,
                concat_ws(' ', CASE WHEN random() < 0.2 THEN 'deploy' END, t.text,
                          CASE WHEN s.k % 1009 = 450 THEN 'Zahlungsausfall' END),
                CASE WHEN s.g % 200 = 7 THEN jsonb_build_array(jsonb_build_object(
                  'name', 'graph-' || s.g || '.png', 'type', 'image/png', 'size', 20480,
                  'permalink', 'https://acme.slack.test/files/F' || s.g)) ELSE '[]' END,
                CASE WHEN s.g % 100 = 5 THEN jsonb_build_array(jsonb_build_object(
                  'text', 'first draft', 'at', to_timestamp(s.at))) ELSE '[]' END,
                to_timestamp(s.at), CASE WHEN s.g % 100 = 5 THEN to_timestamp(s.at + 60) END, true
           FROM (SELECT g, incident, k, gap, 1700000000 + (incident - $1) * 86400 + k * gap AS at
                   FROM generate_series(1, $2) AS g,
                        LATERAL (SELECT CASE WHEN g <= $3 THEN $1 ELSE $1 + 1 + (g - $3 - 1) / $4 END AS incident,
                                        CASE WHEN g <= $3 THEN g ELSE (g - $3 - 1) % $4 END AS k,
                                        CASE WHEN g <= $3 THEN 5 ELSE 30 END AS gap) AS place) AS s
           JOIN bench_sentence t ON t.k = ((s.g * 7919::bigint) % 10000)::int`,
        [first, MESSAGES, BIG, PER],
      ),
    );
    await runner.query(`DROP TABLE bench_sentence`);
    const indexMs = await timed(async () => {
      for (const c of constraints)
        await runner.query(`ALTER TABLE channel_message ADD CONSTRAINT "${c.name}" ${c.def}`);
      for (const index of indexes) await runner.query(index.def);
      await runner.query('ANALYZE');
    });
    const cpuAfter = await backendCpuSeconds(runner);
    return {
      big: first,
      typical: first + Math.ceil(INCIDENTS / 2),
      ms: [rowsMs, indexMs],
      cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    };
  } finally {
    await runner.release();
  }
}

interface Statement {
  query: string;
  parameters: unknown[];
}

interface Case {
  label: string;
  matches: number;
  http: Summary;
  raw: Summary;
  /** Raw p50 of each statement the request sent. */
  statements: { kind: 'page' | 'count'; p50: number }[];
  captured: Statement[];
}

async function main(): Promise<void> {
  const database = await createTestDatabase({ adminUrl: ADMIN_URL, prefix: 'response_bench_' });
  let close: (() => Promise<void>) | undefined;
  try {
    const { createResponseApp, ResponseModule } = (await import(dist('index.js'))) as AppFactory;
    const env = {
      DATABASE_URL: database.url,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'error',
    };
    const app = await createResponseApp(ResponseModule.forRoot({ env }), { exitOnError: false });
    await app.listen(0, '127.0.0.1');
    close = () => app.close();
    const { port } = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const ds = app.get(DataSource);

    const seeded = await seed(ds);
    console.log(
      `Seeded ${thousands(MESSAGES)} messages in ${thousands(INCIDENTS)} incidents (the largest with ${thousands(BIG)}, the others ${thousands(PER)}) ` +
        `in ${(seeded.ms[0] / 1000).toFixed(1)} s, and their indexes and constraints in ${(seeded.ms[1] / 1000).toFixed(1)} s` +
        (seeded.cpu === null ? '' : ` (Postgres used ${seeded.cpu.toFixed(1)} s of CPU for both)`) +
        `, load average ${loadavg()[0].toFixed(1)}`,
    );

    const authorization =
      'Basic ' + Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64');
    const get = async (incident: number, search: string) => {
      const res = await fetch(
        `${base}/core/incidents/${incident}/messages?search=${encodeURIComponent(search)}`,
        { headers: { authorization } },
      );
      if (res.status !== 200) throw new Error(`GET messages answered ${res.status}`);
      return (await res.json()) as { count: number; results: { text: string }[] };
    };

    /** The statements one request sends to `channel_message` (authentication left out). */
    const capture = async (incident: number, search: string): Promise<Statement[]> => {
      const logger = ds.logger;
      const logQuery = logger.logQuery.bind(logger);
      const seen: Statement[] = [];
      logger.logQuery = (query, parameters, runner) => {
        if (/\bchannel_message\b/.test(query))
          seen.push({ query, parameters: Array.isArray(parameters) ? [...parameters] : [] });
        return logQuery(query, parameters, runner);
      };
      try {
        await get(incident, search);
      } finally {
        logger.logQuery = logQuery;
      }
      return seen;
    };

    const cases: Case[] = [];
    for (const [where, incident, size] of [
      ['a typical incident', seeded.typical, PER],
      ['the largest incident', seeded.big, BIG],
    ] as const) {
      for (const term of TERMS) {
        const first = await get(incident, term.search);
        const needle = term.search.toLocaleLowerCase();
        if (!first.results.every((m) => m.text.toLocaleLowerCase().includes(needle)))
          throw new Error(`A result of "${term.search}" does not contain it`);
        const captured = await capture(incident, term.search);
        const replay = async (each: number[][] | null) => {
          let total = 0;
          for (const [k, statement] of captured.entries()) {
            const ms = await timed(() => ds.query(statement.query, statement.parameters));
            each?.[k].push(ms);
            total += ms;
          }
          return total;
        };
        for (let i = 0; i < WARMUP; i++) {
          await get(incident, term.search);
          await replay(null);
        }
        // Interleaved, so that both see the same moments of a noisy machine.
        const http: number[] = [];
        const raw: number[] = [];
        const each = captured.map(() => [] as number[]);
        for (let i = 0; i < N; i++) {
          http.push(await timed(() => get(incident, term.search)));
          raw.push(await replay(each));
        }
        cases.push({
          label: `${term.name} "${term.search}", ${where} (${thousands(size)} messages)`,
          matches: first.count,
          http: summary(http),
          raw: summary(raw),
          statements: captured.map((s, k) => ({
            kind: /count\(\*\)/.test(s.query) ? 'count' : 'page',
            p50: summary(each[k]).p50,
          })),
          captured,
        });
      }
    }

    console.log(
      `\nGET /core/incidents/:id/messages?search= over ${thousands(MESSAGES)} messages, ${N} sequential requests per case after ${WARMUP} warm-up (default page: 100)\n`,
    );
    console.log(
      '| search | matches | HTTP p50 / p99 ms | raw SQL p50 / p99 ms | ratio | raw p50 per statement (ms) |',
    );
    console.log('|---|---:|---:|---:|---:|---|');
    for (const c of cases)
      console.log(
        `| ${c.label} | ${c.matches} | ${c.http.p50} / ${c.http.p99} | ${c.raw.p50} / ${c.raw.p99} | ${(c.http.p50 / c.raw.p50).toFixed(1)}x | ${c.statements.map((s) => `${s.kind} ${s.p50}`).join(' + ')} |`,
      );

    // The plans of the largest incident's searches, and the indexes of channel_message each used.
    const gin: { name: string }[] = await ds.query(
      `SELECT indexname AS name FROM pg_indexes WHERE tablename = 'channel_message' AND indexdef ILIKE '%gin_trgm_ops%'`,
    );
    console.log(`\nTrigram index: ${gin.map((g) => g.name).join(', ') || 'none'}`);
    const summaries: string[] = [];
    for (const c of cases.filter((c) => c.label.includes('largest'))) {
      const used: string[] = [];
      for (const statement of c.captured) {
        const plan: { 'QUERY PLAN': string }[] = await ds.query(
          `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${statement.query}`,
          statement.parameters,
        );
        const lines = plan.map((row) => row['QUERY PLAN']);
        const indexes = [
          ...new Set(
            lines.flatMap((line) => /(?:using|on) (ix_channel_message_\w+)/.exec(line)?.[1] ?? []),
          ),
        ];
        const kind = /count\(\*\)/.test(statement.query) ? 'count' : 'page';
        used.push(`${kind}: ${indexes.join(' + ') || 'no index'}`);
        console.log(
          `\nEXPLAIN ANALYZE, ${kind} of ${c.label}\n` +
            lines.map((line) => `  ${line}`).join('\n'),
        );
      }
      summaries.push(`Indexes used, ${c.label}: ${used.join('; ')}`);
    }
    console.log(`\n${summaries.join('\n')}`);
    const rare = cases.find((c) => c.label.startsWith('rare') && c.label.includes('largest'));
    const rareUses = summaries.some(
      (line) => line.includes(rare?.label ?? '?') && gin.some((g) => line.includes(g.name)),
    );
    console.log(`Trigram index used by the rare term's search: ${rareUses ? 'yes' : 'no'}`);
  } finally {
    await close?.();
    await database.drop();
  }
}

await main();
