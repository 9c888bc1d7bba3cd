/**
 * Benchmark: `GET /core/insights` (the default range: the last 12 calendar
 * months) over 100,000 incidents with their actions and change history.
 *
 *   npm run bench:insights
 *
 * builds the contracts and the server, compiles this file and the test support
 * it uses with swc (bench/run.mjs) and runs it from the repository root. It
 * needs the local Postgres (override with BENCH_DATABASE_URL, an existing
 * database used to create and drop a scratch one). Other knobs:
 * BENCH_INCIDENTS (100000), BENCH_N (30 measured requests), BENCH_WARMUP (5),
 * BENCH_KEEP_DATABASE=1 (keep the scratch database, to EXPLAIN the SQL in it).
 *
 * It seeds the scratch database with set-based SQL (generate_series): incidents
 * spread over the last 12 months (a tenth private, three quarters closed), two
 * actions each, two people active in each comms channel, and the change history
 * of three saves per incident (declared; lead set; severity set or raised) in
 * both the change log (`event`) and `incident_history`. It boots the built server
 * (libs/response/dist) on it, times N sequential requests over HTTP as an admin
 * and as a viewer (whose private incidents are filtered), records the SQL the
 * insights send, times that SQL run directly, prints the figures, and drops
 * the scratch database.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import { ADMIN } from '../test/support/admin.js';
import { createTestDatabase } from '../test/support/database.js';
import { summary, timed } from './support.js';

type AppFactory = typeof import('../libs/response/src/index.js');

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const N = Number(process.env.BENCH_N ?? 30);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 5);
const VIEWER = { username: 'viewer', password: 'viewer-password-1' };

const dist = (path: string) =>
  pathToFileURL(resolve(process.cwd(), 'libs/response/dist', path)).href;

async function seed(ds: DataSource): Promise<void> {
  await ds.query(
    `INSERT INTO external_user (app_id, external_id, display_name, full_name, email, deleted)
     SELECT 'slack', 'U' || lpad(g::text, 6, '0'), 'user' || g, 'User ' || g, 'user' || g || '@example.com', false
       FROM generate_series(1, 200) AS g`,
  );
  // Spread over the last 360 days; lead set 2-10 minutes after the report, severity 1-30.
  await ds.query(
    `INSERT INTO incident (report, reporter_id, lead_id, report_time, report_only, private, start_time, end_time,
                           summary, impact, severity, version)
     SELECT 'Incident ' || g || ': payments degraded', 1 + g % 200, 1 + (g * 7) % 200,
            now() - (g % 360) * interval '1 day' - (g % 1440) * interval '1 minute' + (g % 17) * interval '1 minute',
            false, g % 10 = 0,
            now() - (g % 360) * interval '1 day' - (g % 1440) * interval '1 minute',
            CASE WHEN g % 4 <> 0 THEN now() - (g % 360) * interval '1 day' - (g % 1440) * interval '1 minute'
                                      + (g % 300) * interval '1 minute' END,
            'Summary of incident ' || g, 'Impact of incident ' || g,
            CASE WHEN g % 13 = 0 THEN NULL ELSE ((g % 4) + 1)::text END, 3
       FROM generate_series(1, $1) AS g`,
    [INCIDENTS],
  );
  await ds.query(
    `INSERT INTO action (details, done, created_date, due_date, incident_id, user_id, priority, type)
     SELECT 'Follow-up ' || a || ' of incident ' || i.id, (i.id + a) % 3 = 0, i.report_time + interval '1 hour',
            i.report_time + (a * 20) * interval '1 day', i.id, 1 + (i.id + a * 31) % 200, '1', '1'
       FROM incident i CROSS JOIN generate_series(1, 2) AS a`,
  );
  await ds.query(
    `INSERT INTO user_stats (incident_id, user_id, join_time, message_count)
     SELECT i.id, 1 + (i.id * 3 + s * 41) % 200, i.report_time, 5
       FROM incident i CROSS JOIN generate_series(1, 2) AS s`,
  );
  // Three saves each: declared without a lead (a fifth without a severity, a seventh at
  // 4 to be raised later), the lead set 2-10 minutes later, then the severity set or
  // raised 11-30 minutes later: in the change log (private incidents left out, as the
  // app does) and folded into incident_history.
  const saves = `
    SELECT i.id, i.report_time AS at, false AS has_lead,
           CASE WHEN i.id % 5 = 0 THEN NULL WHEN i.id % 7 = 0 THEN '4' ELSE i.severity END AS severity, i
      FROM incident i
    UNION ALL
    SELECT i.id, i.report_time + (2 + i.id % 9) * interval '1 minute', true,
           CASE WHEN i.id % 5 = 0 THEN NULL WHEN i.id % 7 = 0 THEN '4' ELSE i.severity END, i
      FROM incident i
    UNION ALL
    SELECT i.id, i.report_time + (11 + i.id % 20) * interval '1 minute', true, i.severity, i
      FROM incident i`;
  await ds.query(
    `INSERT INTO event (timestamp, event_type, payload)
     SELECT s.at, 'incident_event',
            jsonb_build_object('id', s.id, 'report', (s.i).report, 'reporter', jsonb_build_object('app_id', 'slack',
              'external_id', 'U' || lpad((s.i).reporter_id::text, 6, '0')),
              'lead', CASE WHEN s.has_lead THEN jsonb_build_object('app_id', 'slack',
              'external_id', 'U' || lpad((s.i).lead_id::text, 6, '0')) END,
              'report_time', (s.i).report_time, 'start_time', (s.i).start_time, 'severity', s.severity,
              'summary', (s.i).summary, 'impact', (s.i).impact, 'private', false)
       FROM (${saves}) s WHERE NOT (s.i).private ORDER BY s.at`,
  );
  await ds.query(
    `INSERT INTO incident_history (incident_id, lead_set_at, severity_set_at, severity, severity_raised_at)
     SELECT i.id, i.report_time + (2 + i.id % 9) * interval '1 minute',
            CASE WHEN i.severity IS NULL THEN NULL
                 WHEN i.id % 5 = 0 THEN i.report_time + (11 + i.id % 20) * interval '1 minute'
                 ELSE i.report_time END,
            i.severity,
            CASE WHEN i.id % 5 <> 0 AND i.id % 7 = 0 AND i.severity < '4'
                 THEN i.report_time + (11 + i.id % 20) * interval '1 minute' END
       FROM incident i`,
  );
  // As autovacuum leaves a table that has settled: statistics, and the visibility map.
  await ds.query('VACUUM ANALYZE');
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
    const [counts] = (await ds.query(
      `SELECT (SELECT count(*) FROM action)::int AS actions, (SELECT count(*) FROM event)::int AS events,
              (SELECT count(*) FROM user_stats)::int AS stats`,
    )) as { actions: number; events: number; stats: number }[];
    console.log(
      `Seeded ${INCIDENTS} incidents with their history, ${counts.actions} actions, ` +
        `${counts.events} change-log entries and ${counts.stats} channel participants in ${Math.round(seedMs)} ms`,
    );
    // A viewer linked to user 1, who sees the private incidents they take part in.
    const hash = (await import(dist('auth/password.js'))) as {
      hashPassword(p: string): Promise<string>;
    };
    await ds.query(
      `INSERT INTO account (username, password_hash, role, external_user_id) VALUES ($1, $2, 'viewer', 1)`,
      [VIEWER.username, await hash.hashPassword(VIEWER.password)],
    );

    const basic = (who: { username: string; password: string }) =>
      'Basic ' + Buffer.from(`${who.username}:${who.password}`).toString('base64');
    let counted = 0;
    const get = (who: { username: string; password: string }) => async () => {
      const res = await fetch(`${base}/core/insights`, { headers: { authorization: basic(who) } });
      if (res.status !== 200) throw new Error(`GET /core/insights answered ${res.status}`);
      const body = (await res.json()) as { by_month: { total: number }[] };
      counted = body.by_month.reduce((sum, m) => sum + m.total, 0);
    };

    // The SQL the insights send, as sent, to time it directly.
    const logger = ds.logger;
    const logQuery = logger.logQuery.bind(logger);
    const statements: { query: string; parameters: unknown[] }[] = [];
    logger.logQuery = (query, parameters, runner) => {
      if (query.includes('/* insights */'))
        statements.push({ query, parameters: (parameters as unknown[] | undefined) ?? [] });
      return logQuery(query, parameters, runner);
    };
    await get(ADMIN)();
    logger.logQuery = logQuery;
    if (statements.length === 0) throw new Error('no insights SQL seen');
    console.log(`Incidents counted by the admin: ${counted}; SQL statements: ${statements.length}`);

    const measure = async (work: () => Promise<unknown>) => {
      for (let i = 0; i < WARMUP; i++) await work();
      const samples: number[] = [];
      for (let i = 0; i < N; i++) samples.push(await timed(work));
      return summary(samples);
    };
    const admin = await measure(get(ADMIN));
    const viewer = await measure(get(VIEWER));
    console.log(`Incidents counted by the viewer: ${counted}`);
    // As the app runs them: in one read-only transaction, after SET LOCAL work_mem.
    const raw = await measure(() =>
      ds.transaction(async (manager) => {
        await manager.query('SET TRANSACTION READ ONLY');
        for (const s of statements) await manager.query(s.query, s.parameters);
      }),
    );
    console.log(
      `\nGET /core/insights (last 12 months) over ${INCIDENTS} incidents, ${N} sequential requests after ${WARMUP} warm-up\n`,
    );
    console.table({
      'insights HTTP admin (ms)': admin,
      'insights HTTP viewer (ms)': viewer,
      'insights raw SQL (ms)': raw,
    });
    console.log(`Insights ratio HTTP p50 / raw SQL p50: ${(admin.p50 / raw.p50).toFixed(2)}x`);
  } finally {
    await close?.();
    if (process.env.BENCH_KEEP_DATABASE === '1') console.log(`Kept ${database.url}`);
    else await database.drop();
  }
}

await main();
