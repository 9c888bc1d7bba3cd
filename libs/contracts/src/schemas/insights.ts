import { z } from 'zod';
import { SEVERITIES } from '../domain.js';
import { isoTimestamp } from './fields.js';
import { userDtoSchema } from './users.js';

/** What `?severity=` of the insights accepts: the severities, and `unset` for none yet. */
export const INSIGHT_SEVERITIES = [...SEVERITIES, 'unset'] as const;
export type InsightSeverity = (typeof INSIGHT_SEVERITIES)[number];

/** The longest range the insights cover, in calendar months. */
export const INSIGHTS_MAX_MONTHS = 120;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `2026-02-30` and `2026-13-01` are not days. */
function isCalendarDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** An empty query parameter counts as absent. */
const absentWhenEmpty = (value: unknown) => (value === '' ? undefined : value);

const day = z.preprocess(
  absentWhenEmpty,
  z
    .string({ error: 'must be one date, YYYY-MM-DD' })
    .refine(isCalendarDay, 'must be a date, YYYY-MM-DD')
    .optional(),
);

const severityList = z.preprocess(
  absentWhenEmpty,
  z
    .string({ error: `must be a comma-separated list of ${INSIGHT_SEVERITIES.join(', ')}` })
    .transform((text, ctx) => {
      const values = text
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean);
      if (
        values.length === 0 ||
        values.some((value) => !(INSIGHT_SEVERITIES as readonly string[]).includes(value))
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a comma-separated list of ${INSIGHT_SEVERITIES.join(', ')}`,
        });
        return z.NEVER;
      }
      return [...new Set(values)] as InsightSeverity[];
    })
    .optional(),
);

/**
 * `?from=&to=&severity=` of `/core/insights`: days (`YYYY-MM-DD`, in the
 * server's time zone, both included) and severities (`1,2`, `unset`). Each is
 * optional: the default range is the last 12 calendar months, this one
 * included, and the default is every severity.
 */
export const insightsQuery = z.object({ from: day, to: day, severity: severityList });

/** `/core/insights/incidents` adds `?format=csv` (default `json`). */
export const insightIncidentsQuery = insightsQuery.extend({
  format: z.preprocess(
    absentWhenEmpty,
    z.enum(['csv', 'json'], { error: 'must be csv or json' }).optional(),
  ),
});

/** `2026-10`: a calendar month in the server's time zone. */
const month = z.string().regex(/^\d{4}-\d{2}$/);
const count = z.number().int().nonnegative();

/** Percentiles by linear interpolation (as Postgres `percentile_cont`); null when count is 0. */
const spread = {
  count,
  p50_seconds: z.number().nullable(),
  p90_seconds: z.number().nullable(),
};

/** A time span per month and over the whole range. */
export const insightSpanSchema = z.strictObject({
  by_month: z.array(z.strictObject({ month, ...spread })),
  overall: z.strictObject(spread),
});

export const insightsDtoSchema = z.strictObject({
  /** The range counted: the first and the last day, both included. */
  from: z.string(),
  to: z.string(),
  /** The time zone the days and months are in (`TZ`). */
  time_zone: z.string(),
  /** The instant that counts as now (overdue actions, their age). */
  as_of: isoTimestamp,
  /** Every month of the range, oldest first: incidents by the month of their start time. */
  by_month: z.array(
    z.strictObject({
      month,
      total: count,
      by_severity: z.strictObject({
        '1': count,
        '2': count,
        '3': count,
        '4': count,
        unset: count,
      }),
    }),
  ),
  /** `end_time − start_time` of closed incidents. */
  duration: insightSpanSchema,
  /** `report_time − start_time`. */
  time_to_report: insightSpanSchema,
  /** From `report_time` until a lead was first set. */
  time_to_lead: insightSpanSchema,
  /** From `report_time` until a severity was first set. */
  time_to_severity: insightSpanSchema,
  /** Follow-up actions of the incidents counted. */
  actions: z.strictObject({
    open: count,
    done: count,
    /** Open, with a due date in the past. */
    overdue: count,
    /** Owners with open actions, most open first; `user` null for actions nobody owns. */
    by_owner: z.array(
      z.strictObject({ user: userDtoSchema.nullable(), open: count, overdue: count }),
    ),
    /** Days since open actions were created. */
    age_days: z.strictObject({ p50: z.number().nullable(), p90: z.number().nullable() }),
  }),
  /** Incidents whose severity was raised after it was first set, per month. */
  severity_changes: z.array(z.strictObject({ month, count })),
  /** The 10 people who took part in the most incidents. */
  participants: z.array(z.strictObject({ user: userDtoSchema, incidents: count })),
});

/** One incident of the range with its figures (`/core/insights/incidents`). */
export const insightIncidentSchema = z.strictObject({
  id: z.number().int(),
  report: z.string(),
  month,
  severity: z.enum(INSIGHT_SEVERITIES),
  start_time: isoTimestamp,
  report_time: isoTimestamp,
  end_time: isoTimestamp.nullable(),
  duration_seconds: z.number().nullable(),
  time_to_report_seconds: z.number(),
  time_to_lead_seconds: z.number().nullable(),
  time_to_severity_seconds: z.number().nullable(),
  severity_raised: z.boolean(),
  actions_open: count,
  actions_done: count,
  actions_overdue: count,
  participants: count,
});
