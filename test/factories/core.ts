import { DataSource } from 'typeorm';
import type { TestApp } from '../support/app.js';

/** Test data written straight to the database of a running test app. */
export interface SlackUserSeed {
  external_id: string;
  display_name?: string;
  full_name?: string;
  email?: string | null;
}

export function dataSource(t: TestApp): DataSource {
  return t.app.get(DataSource);
}

/** Inserts Slack users into the user cache; returns their database ids. */
export async function seedSlackUsers(t: TestApp, users: SlackUserSeed[]): Promise<number[]> {
  const ids: number[] = [];
  for (const u of users) {
    const rows: { id: number }[] = await dataSource(t).query(
      `INSERT INTO external_user (app_id, external_id, display_name, full_name, email, deleted)
       VALUES ('slack', $1, $2, $3, $4, false) RETURNING id`,
      [
        u.external_id,
        u.display_name ?? u.external_id.toLowerCase(),
        u.full_name ?? `${u.external_id} Full`,
        u.email ?? null,
      ],
    );
    ids.push(rows[0].id);
  }
  return ids;
}

export interface BulkIncidentOptions {
  count: number;
  reporterId: number;
  leadId?: number | null;
  actionsPerIncident?: number;
  actionUserId?: number | null;
  /** The first incident's report time; each next one is a minute later. */
  from?: Date;
}

/** Inserts many incidents (and actions) with set-based SQL. */
export async function seedIncidents(t: TestApp, options: BulkIncidentOptions): Promise<void> {
  const from = options.from ?? new Date('2024-01-01T00:00:00Z');
  await dataSource(t).query(
    `INSERT INTO incident (report, reporter_id, report_time, report_only, private, start_time, lead_id, severity, version)
     SELECT 'seeded incident ' || g, $2, $3::timestamptz + g * interval '1 minute', false, false,
            $3::timestamptz + g * interval '1 minute', $4, ((g % 4) + 1)::text, 1
       FROM generate_series(1, $1) AS g`,
    [options.count, options.reporterId, from.toISOString(), options.leadId ?? null],
  );
  const perIncident = options.actionsPerIncident ?? 0;
  if (perIncident > 0) {
    await dataSource(t).query(
      `INSERT INTO action (details, done, created_date, incident_id, user_id)
       SELECT 'follow up ' || a || ' on <@U1> :fire:', false, now(), i.id, $2
         FROM incident i CROSS JOIN generate_series(1, $1) AS a`,
      [perIncident, options.actionUserId ?? null],
    );
  }
}

/** Counts the SQL statements the app sends while `work` runs. */
export async function countQueries(
  t: TestApp,
  work: () => Promise<unknown>,
): Promise<{ count: number; queries: string[] }> {
  const logger = dataSource(t).logger;
  const original = logger.logQuery.bind(logger);
  const queries: string[] = [];
  logger.logQuery = (query, parameters, runner) => {
    queries.push(query);
    return original(query, parameters, runner);
  };
  try {
    await work();
  } finally {
    logger.logQuery = original;
  }
  return { count: queries.length, queries };
}

/**
 * The fewest statements seen over a few runs of `work`. Background work of the
 * app (the outbox relay polls every second) can interleave with one run; it
 * cannot interleave with all of them at the same point.
 */
export async function requestQueries(
  t: TestApp,
  work: () => Promise<unknown>,
  runs = 3,
): Promise<number> {
  let fewest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) fewest = Math.min(fewest, (await countQueries(t, work)).count);
  return fewest;
}
