import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { InsightSeverity } from '@response/contracts';
import { DataSource } from 'typeorm';
import {
  viewerParams,
  visibleIncidentSql,
  type IncidentViewer,
} from '../incidents/incident-visibility.js';

/** Which incidents the insights count: started in a range of days, of some severities, visible. */
export interface InsightsScope {
  /** First day, `YYYY-MM-DD`, in `timeZone`. */
  from: string;
  /** Last day, included. */
  to: string;
  timeZone: string;
  /** null: every severity. */
  severities: InsightSeverity[] | null;
  viewer: IncidentViewer;
  /** What counts as now: overdue actions and their age. */
  asOf: Date;
}

/** A time span's figures in one group (a month, or the whole range). */
export interface SpanRow {
  count: number;
  p50: number | null;
  p90: number | null;
}

export interface MonthRow {
  /** null: the whole range. */
  month: string | null;
  total: number;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  unset: number;
  raised: number;
  duration: SpanRow;
  to_report: SpanRow;
  to_lead: SpanRow;
  to_severity: SpanRow;
}

export interface UserRow {
  id: number;
  app_id: string;
  external_id: string;
  display_name: string;
  full_name: string;
  email: string | null;
  deleted: boolean;
}

export interface InsightsRows {
  /** Every month of the range, oldest first, then the whole range (month null). */
  months: MonthRow[];
  actions: { open: number; done: number; overdue: number; p50: number | null; p90: number | null };
  owners: { user: UserRow | null; open: number; overdue: number }[];
  participants: { user: UserRow; incidents: number }[];
}

export interface IncidentFactsRow {
  id: number;
  report: string;
  month: string;
  severity: string | null;
  start_time: Date;
  report_time: Date;
  end_time: Date | null;
  duration: number | null;
  to_report: number;
  to_lead: number | null;
  to_severity: number | null;
  raised: boolean;
  actions_open: number;
  actions_done: number;
  actions_overdue: number;
  participants: number;
}

/** Memory for each sort and hash of the insights' statements. */
const WORK_MEM = '32MB';

/** Seconds (or days) as figures: rounded to the millisecond (the thousandth of a day). */
const round3 = (expression: string) => `round((${expression})::numeric, 3)::float8`;

/** `count`, p50 and p90 of a column of `inc`, as JSON. */
const span = (column: string) =>
  `json_build_object('count', count(${column}),
     'p50', ${round3(`(percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}))[1]`)},
     'p90', ${round3(`(percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}))[2]`)})`;

/**
 * `taking_part`: (incident, person) for everyone who took part in an incident
 * of `inc`, as the visibility rules define it (reporter, lead, holder of one of
 * its roles, owner of one of its actions, active in its comms channel); a
 * person may appear more than once.
 * `actions` names a relation of the actions of `inc` (incident_id, user_id).
 */
const takingPart = (actions: string) => `taking_part AS (
        SELECT id AS incident_id, reporter_id AS user_id FROM inc WHERE reporter_id IS NOT NULL
        UNION ALL SELECT id, lead_id FROM inc WHERE lead_id IS NOT NULL
        UNION ALL SELECT incident_id, user_id FROM ${actions} WHERE user_id IS NOT NULL
        UNION ALL SELECT r.incident_id, r.user_id FROM incident_role r JOIN inc ON inc.id = r.incident_id
        UNION ALL SELECT s.incident_id, s.user_id FROM user_stats s JOIN inc ON inc.id = s.incident_id
      )`;

const userJson = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'app_id', ${alias}.app_id, 'external_id', ${alias}.external_id,
     'display_name', ${alias}.display_name, 'full_name', ${alias}.full_name,
     'email', ${alias}.email, 'deleted', ${alias}.deleted)`;

/**
 * The SQL of the insights. Every statement starts from `inc`: the incidents
 * counted, with the month (in the time zone) of their start, their spans in
 * seconds and, from `incident_history`, the time to a lead and a severity and
 * whether the severity was raised.
 *
 * Parameters: $1 first day, $2 last day, $3 time zone, $4 now, then the
 * severities and the viewer when they apply.
 *
 * Each statement runs in a read-only transaction with more memory for sorts and
 * hashes (WORK_MEM) than the default 4 MB, so that 100,000 incidents are
 * aggregated without spilling to disk, and without JIT compilation. Top participants are counted per person
 * from an array of their incidents: hashing or sorting the hundreds of
 * thousands of (incident, person) pairs to find the distinct ones costs three
 * times as much.
 */
@Injectable()
export class InsightsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every figure of `GET /core/insights`, in one statement (one snapshot). */
  async figures(scope: InsightsScope): Promise<InsightsRows> {
    const [row] = await this.run<InsightsRows>(this.figuresStatement(scope));
    return row;
  }

  /** One row per incident counted, oldest start first. */
  incidents(scope: InsightsScope): Promise<IncidentFactsRow[]> {
    return this.run<IncidentFactsRow>(this.incidentsStatement(scope));
  }

  private run<T>(statement: { sql: string; params: unknown[] }): Promise<T[]> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SET TRANSACTION READ ONLY`);
      await manager.query(`SET LOCAL work_mem = '${WORK_MEM}' /* insights */`);
      // Compiling the plan with JIT takes longer than running it (1.8 s against 0.8 s
      // over 100,000 incidents when visibility rules apply).
      await manager.query(`SET LOCAL jit = off /* insights */`);
      return (await manager.query(statement.sql, statement.params)) as T[];
    });
  }

  figuresStatement(scope: InsightsScope): { sql: string; params: unknown[] } {
    const { ctes, params } = this.base(scope);
    const age = `(greatest(0, date_part('epoch', $4::timestamptz - created_date)) / 86400)`;
    const sql = `/* insights */ WITH ${ctes},
      monthly AS (
        SELECT month_index, count(*)::int AS total,
               count(*) FILTER (WHERE severity = '1')::int AS s1,
               count(*) FILTER (WHERE severity = '2')::int AS s2,
               count(*) FILTER (WHERE severity = '3')::int AS s3,
               count(*) FILTER (WHERE severity = '4')::int AS s4,
               count(*) FILTER (WHERE severity IS NULL)::int AS unset,
               count(*) FILTER (WHERE raised)::int AS raised,
               ${span('duration')} AS duration,
               ${span('to_report')} AS to_report,
               ${span('to_lead')} AS to_lead,
               ${span('to_severity')} AS to_severity
          FROM inc
         GROUP BY GROUPING SETS ((month_index), ())
      ),
      act AS MATERIALIZED (
        SELECT a.incident_id, a.user_id, a.done, a.due_date, a.created_date
          FROM action a JOIN inc ON inc.id = a.incident_id
      ),
      owners AS (
        SELECT user_id, count(*)::int AS open,
               count(*) FILTER (WHERE due_date < $4::timestamptz)::int AS overdue
          FROM act WHERE NOT done GROUP BY user_id
      ),
      ${takingPart('act')},
      top AS (
        SELECT user_id, (SELECT count(DISTINCT id) FROM unnest(ids) AS id)::int AS incidents
          FROM (SELECT user_id, array_agg(incident_id) AS ids FROM taking_part GROUP BY user_id) p
         ORDER BY incidents DESC, user_id LIMIT 10
      )
      SELECT
        (SELECT json_agg(json_build_object(
                  'month', m.month, 'total', coalesce(x.total, 0),
                  's1', coalesce(x.s1, 0), 's2', coalesce(x.s2, 0), 's3', coalesce(x.s3, 0),
                  's4', coalesce(x.s4, 0), 'unset', coalesce(x.unset, 0),
                  'raised', coalesce(x.raised, 0),
                  'duration', x.duration, 'to_report', x.to_report,
                  'to_lead', x.to_lead, 'to_severity', x.to_severity)
                ORDER BY m.idx NULLS LAST)
           FROM (SELECT idx, month FROM months UNION ALL SELECT NULL, NULL) m
           LEFT JOIN monthly x ON x.month_index IS NOT DISTINCT FROM m.idx) AS months,
        (SELECT json_build_object(
                  'open', count(*) FILTER (WHERE NOT done),
                  'done', count(*) FILTER (WHERE done),
                  'overdue', count(*) FILTER (WHERE NOT done AND due_date < $4::timestamptz),
                  'p50', ${round3(`(percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${age}) FILTER (WHERE NOT done))[1]`)},
                  'p90', ${round3(`(percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${age}) FILTER (WHERE NOT done))[2]`)})
           FROM act) AS actions,
        (SELECT coalesce(json_agg(json_build_object(
                  'user', CASE WHEN u.id IS NULL THEN NULL ELSE ${userJson('u')} END,
                  'open', o.open, 'overdue', o.overdue)
                ORDER BY o.open DESC, o.overdue DESC, o.user_id NULLS LAST), '[]')
           FROM owners o LEFT JOIN external_user u ON u.id = o.user_id) AS owners,
        (SELECT coalesce(json_agg(json_build_object('user', ${userJson('u')}, 'incidents', t.incidents)
                ORDER BY t.incidents DESC, t.user_id), '[]')
           FROM top t JOIN external_user u ON u.id = t.user_id) AS participants`;
    return { sql, params };
  }

  incidentsStatement(scope: InsightsScope): { sql: string; params: unknown[] } {
    const { ctes, params } = this.base(scope, true);
    const sql = `/* insights incidents */ WITH ${ctes},
      act AS MATERIALIZED (
        SELECT a.incident_id, a.user_id, a.done, a.due_date
          FROM action a JOIN inc ON inc.id = a.incident_id
      ),
      per_incident AS (
        SELECT incident_id,
               count(*) FILTER (WHERE NOT done)::int AS open,
               count(*) FILTER (WHERE done)::int AS done,
               count(*) FILTER (WHERE NOT done AND due_date < $4::timestamptz)::int AS overdue
          FROM act GROUP BY incident_id
      ),
      ${takingPart('act')},
      part AS (
        SELECT incident_id, count(DISTINCT user_id)::int AS people
          FROM taking_part GROUP BY incident_id
      )
      SELECT f.id, f.report, m.month, f.severity, f.start_time, f.report_time, f.end_time,
             ${round3('f.duration')} AS duration, ${round3('f.to_report')} AS to_report,
             ${round3('f.to_lead')} AS to_lead, ${round3('f.to_severity')} AS to_severity,
             f.raised,
             coalesce(a.open, 0) AS actions_open, coalesce(a.done, 0) AS actions_done,
             coalesce(a.overdue, 0) AS actions_overdue, coalesce(part.people, 0) AS participants
        FROM inc f
        JOIN months m ON m.idx = f.month_index
        LEFT JOIN per_incident a ON a.incident_id = f.id
        LEFT JOIN part ON part.incident_id = f.id
       ORDER BY f.start_time, f.id`;
    return { sql, params };
  }

  /**
   * `months` (every month of the range: `idx` from 1, `month` as `2026-10`) and
   * `inc` (the incidents counted, each with the index of its month and its
   * figures), with the parameters.
   */
  private base(scope: InsightsScope, withReport = false): { ctes: string; params: unknown[] } {
    const params: unknown[] = [scope.from, scope.to, scope.timeZone, scope.asOf];
    const where = [
      `i.start_time >= ($1::date)::timestamp AT TIME ZONE $3`,
      `i.start_time < ($2::date + 1)::timestamp AT TIME ZONE $3`,
    ];
    if (scope.severities) {
      const levels = scope.severities.filter((s) => s !== 'unset');
      params.push(levels, scope.severities.includes('unset'));
      where.push(
        `(i.severity = ANY($${params.length - 1}::text[]) OR ($${params.length} AND i.severity IS NULL))`,
      );
    }
    if (!scope.viewer.admin) {
      const { me, web } = viewerParams(scope.viewer);
      params.push(me, web);
      where.push(visibleIncidentSql('i', `$${params.length - 1}`, `$${params.length}`));
    }
    // Seconds between two instants, as a float (extract() would make a numeric: slower).
    const seconds = (to: string, from: string) => `date_part('epoch', ${to} - ${from})`;
    const ctes = `
      months AS (
        SELECT idx::int, to_char(m, 'YYYY-MM') AS month, m AT TIME ZONE $3 AS starts
          FROM generate_series(date_trunc('month', $1::date::timestamp), $2::date::timestamp,
                               interval '1 month') WITH ORDINALITY AS g(m, idx)
      ),
      inc AS MATERIALIZED (
        SELECT i.id, ${withReport ? 'i.report, ' : ''}i.severity, i.start_time, i.report_time,
               i.end_time, i.reporter_id, i.lead_id,
               width_bucket(i.start_time, (SELECT array_agg(starts ORDER BY idx) FROM months))
                 AS month_index,
               ${seconds('i.end_time', 'i.start_time')} AS duration,
               greatest(0, ${seconds('i.report_time', 'i.start_time')}) AS to_report,
               CASE WHEN isfinite(h.lead_set_at)
                    THEN greatest(0, ${seconds('h.lead_set_at', 'i.report_time')}) END AS to_lead,
               CASE WHEN isfinite(h.severity_set_at)
                    THEN greatest(0, ${seconds('h.severity_set_at', 'i.report_time')}) END
                 AS to_severity,
               h.severity_raised_at IS NOT NULL AS raised
          FROM incident i
          LEFT JOIN incident_history h ON h.incident_id = i.id
         WHERE ${where.join('\n           AND ')}
      )`;
    return { ctes, params };
  }
}
