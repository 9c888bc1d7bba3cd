/**
 * Benchmark: `GET /core/incidents?limit=100` with 10,000 incidents.
 *
 *   npm run bench:core
 *
 * builds the contracts and the server, compiles this file and the test support
 * it uses with swc (bench/run.mjs) and runs it from the repository root. It
 * needs the local Postgres (override with BENCH_DATABASE_URL, an existing
 * database used to create and drop a scratch one). Other knobs:
 * BENCH_INCIDENTS (10000), BENCH_N (50 measured requests), BENCH_WARMUP (10).
 *
 * It seeds the scratch database with set-based SQL (incidents with reporter,
 * lead, severity and two actions each), boots the built server (libs/response/dist)
 * on it, times N sequential requests over HTTP, counts the SQL statements each
 * request sends, times raw SQL producing the same rows, prints the figures,
 * and drops the scratch database.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import { ADMIN } from '../test/support/admin.js';
import { createTestDatabase } from '../test/support/database.js';
import { summary, timed } from './support.js';

type AppFactory = typeof import('../libs/response/src/index.js');

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const N = Number(process.env.BENCH_N ?? 50);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10);

const dist = (path: string) =>
  pathToFileURL(resolve(process.cwd(), 'libs/response/dist', path)).href;

async function seed(ds: DataSource): Promise<void> {
  await ds.query(
    `INSERT INTO external_user (app_id, external_id, display_name, full_name, email, deleted)
     SELECT 'slack', 'U' || lpad(g::text, 6, '0'), 'user' || g, 'User ' || g, 'user' || g || '@example.com', false
       FROM generate_series(1, 50) AS g`,
  );
  await ds.query(
    `INSERT INTO incident (report, reporter_id, lead_id, report_time, report_only, private, start_time, end_time,
                           summary, impact, severity, version)
     SELECT 'Incident ' || g || ': payments degraded', 1 + g % 50, 1 + (g * 7) % 50,
            now() - g * interval '10 minutes', false, false, now() - g * interval '10 minutes',
            CASE WHEN g % 3 = 0 THEN now() - g * interval '10 minutes' + interval '1 hour' END,
            'Summary of incident ' || g, 'Impact of incident ' || g, ((g % 4) + 1)::text, 1
       FROM generate_series(1, $1) AS g`,
    [INCIDENTS],
  );
  await ds.query(
    `INSERT INTO action (details, done, created_date, incident_id, user_id, priority, type)
     SELECT 'Follow-up ' || a || ' for <@U' || lpad((1 + i.id % 50)::text, 6, '0') || '> :fire:', a = 1, now(), i.id,
            1 + (i.id + a) % 50, ((a % 3) + 1)::text, ((i.id % 3) + 1)::text
       FROM incident i CROSS JOIN generate_series(1, 2) AS a`,
  );
  await ds.query('ANALYZE');
}

/** The same rows as the endpoint's first page, straight from SQL. */
async function rawPage(ds: DataSource): Promise<void> {
  await ds.query('SELECT count(*) FROM incident');
  const page: { id: number }[] = await ds.query(
    `SELECT i.*, r.external_id AS r_external_id, r.display_name AS r_display_name, l.external_id AS l_external_id,
            l.display_name AS l_display_name, c.channel_id, c.channel_name
       FROM incident i
       LEFT JOIN external_user r ON r.id = i.reporter_id
       LEFT JOIN external_user l ON l.id = i.lead_id
       LEFT JOIN comms_channel c ON c.incident_id = i.id
      ORDER BY i.report_time DESC, i.id DESC LIMIT 100`,
  );
  await ds.query(
    `SELECT a.*, u.external_id, u.display_name FROM action a LEFT JOIN external_user u ON u.id = a.user_id
      WHERE a.incident_id = ANY($1) ORDER BY a.id`,
    [page.map((row) => row.id)],
  );
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
      LOG_LEVEL: 'warn',
    };
    const app = await createResponseApp(ResponseModule.forRoot({ env }), { exitOnError: false });
    await app.listen(0, '127.0.0.1');
    close = () => app.close();
    const { port } = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${port}`;
    const ds = app.get(DataSource);

    const seedMs = await timed(() => seed(ds));
    console.log(
      `Seeded ${INCIDENTS} incidents (${INCIDENTS * 2} actions) in ${Math.round(seedMs)} ms`,
    );

    const authorization =
      'Basic ' + Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64');
    const get = async () => {
      const res = await fetch(`${base}/core/incidents?limit=100`, { headers: { authorization } });
      if (res.status !== 200) throw new Error(`GET /core/incidents answered ${res.status}`);
      const body = (await res.json()) as { count: number; results: unknown[] };
      if (body.count !== INCIDENTS || body.results.length !== 100)
        throw new Error('unexpected page');
    };

    for (let i = 0; i < WARMUP; i++) await get();
    const logger = ds.logger;
    const logQuery = logger.logQuery.bind(logger);
    let queries = 0;
    logger.logQuery = (query, parameters, runner) => {
      queries += 1;
      return logQuery(query, parameters, runner);
    };
    const http: number[] = [];
    for (let i = 0; i < N; i++) http.push(await timed(get));
    logger.logQuery = logQuery;
    const queriesPerRequest = queries / N;

    for (let i = 0; i < WARMUP; i++) await rawPage(ds);
    const raw: number[] = [];
    for (let i = 0; i < N; i++) raw.push(await timed(() => rawPage(ds)));

    const httpStats = summary(http);
    const rawStats = summary(raw);
    console.log(
      `\nGET /core/incidents?limit=100 with ${INCIDENTS} incidents, ${N} sequential requests after ${WARMUP} warm-up\n`,
    );
    console.table({ 'HTTP GET (ms)': httpStats, 'raw SQL, same rows (ms)': rawStats });
    console.log(
      `SQL statements per request: ${queriesPerRequest.toFixed(2)} (including authentication; background polling may add a fraction)`,
    );
    console.log(`Ratio HTTP p50 / raw SQL p50: ${(httpStats.p50 / rawStats.p50).toFixed(1)}x`);
  } finally {
    await close?.();
    await database.drop();
  }
}

await main();
