import { z } from 'zod';
import { IncidentStatus, Limits, SEVERITIES, Severity } from '../domain.js';
import { actionDtoSchema } from './actions.js';
import {
  body,
  expectedVersion,
  incidentTime,
  limitedText,
  severity,
  isoTimestamp,
  userRef,
} from './fields.js';
import { incidentRoleDtoSchema } from './roles.js';
import { userDtoSchema } from './users.js';

/**
 * Request bodies of `/core/incidents`. Unknown and read-only fields (id,
 * reporter on update, is_closed, action_items, comms_channel, report_time,
 * status…) are ignored, so a PUT of an incident exactly as GET returned it works.
 */
const writable = {
  summary: limitedText(Limits.textLength).nullable().optional(),
  impact: limitedText(Limits.textLength).nullable().optional(),
  lead: userRef.nullable().optional(),
  severity: severity.nullable().optional(),
};

/** `POST /core/incidents`: the reporter is the caller unless `reporter` is given. */
export const createIncidentSchema = body({
  report: limitedText(Limits.reportLength),
  ...writable,
  reporter: userRef.nullable().optional(),
  report_only: z.boolean({ error: 'must be true or false' }).optional(),
  private: z.boolean({ error: 'must be true or false' }).optional(),
  start_time: incidentTime.optional(),
});

/** `PATCH /core/incidents/:id`: every field optional. */
export const patchIncidentSchema = body({
  report: limitedText(Limits.reportLength).optional(),
  ...writable,
  start_time: incidentTime.optional(),
  end_time: incidentTime.nullable().optional(),
  /** Admins only, when it changes: a private incident leaves every shared channel. */
  private: z.boolean({ error: 'must be true or false' }).optional(),
  /** The version this change was made on (as `If-Match`): 412 when it is not the current one. */
  version: expectedVersion.optional(),
});

/** PUT replaces the writable fields; like Response, `report` must be present. */
export const putIncidentSchema = patchIncidentSchema.extend({
  report: limitedText(Limits.reportLength),
});

const year = z
  .string()
  .regex(/^\d{4}$/, 'must be a four-digit year')
  .transform(Number);
const month = z
  .string()
  .regex(/^\d{1,2}$/, 'must be a month number 1-12')
  .transform(Number)
  .pipe(z.number().min(1, 'must be a month number 1-12').max(12, 'must be a month number 1-12'));

/** `/core/incidents/bymonth/:year/:month`. */
export const byMonthParams = z.object({ year, month });

/** `?limit=` of `/core/incidents/:id/participants`. */
export const participantsQuery = z.object({
  limit: z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'must be at least 1').max(100, 'must be at most 100'))
    .optional(),
});

const STATUSES = Object.values(IncidentStatus);
/** The last of a repeated query parameter (`?status=a&status=b`); an empty one counts as absent. */
const lastValue = (value: unknown) => {
  const last: unknown = Array.isArray(value) ? value.at(-1) : value;
  return last === '' ? undefined : last;
};

/** `?status=&severity=&search=` of the incident lists; each is optional. */
export const incidentFilterQuery = z.object({
  status: z.preprocess(
    lastValue,
    z.enum(STATUSES, { error: `must be one of ${STATUSES.join(', ')}` }).optional(),
  ),
  severity: z.preprocess(
    lastValue,
    z
      .enum(['1', '2', '3', '4', 'none'] satisfies (Severity | 'none')[], {
        error: `must be one of ${SEVERITIES.join(', ')}, none`,
      })
      .optional(),
  ),
  search: z.preprocess(
    lastValue,
    z
      .string({ error: 'must be text' })
      .max(Limits.reportLength, `must be at most ${Limits.reportLength} characters`)
      .transform((text) => text.trim().split(/\s+/).filter(Boolean))
      .pipe(z.array(z.string()).max(20, 'must be at most 20 words'))
      .optional(),
  ),
});

/** The Slack channel where an incident is handled. */
export const commsChannelDtoSchema = z.strictObject({
  channel_id: z.string(),
  channel_name: z.string(),
});

/** An incident as the API returns it, with its actions. */
export const incidentDtoSchema = z.strictObject({
  id: z.number().int(),
  /** As stored: Slack mrkdwn, HTML-escaped; likewise summary and impact. */
  report: z.string(),
  reporter: userDtoSchema.nullable(),
  lead: userDtoSchema.nullable(),
  report_time: isoTimestamp,
  report_only: z.boolean(),
  start_time: isoTimestamp,
  end_time: isoTimestamp.nullable(),
  is_closed: z.boolean(),
  summary: z.string().nullable(),
  impact: z.string().nullable(),
  severity: z.enum(Severity).nullable(),
  comms_channel: commsChannelDtoSchema.nullable(),
  action_items: z.array(actionDtoSchema),
  private: z.boolean(),
  status: z.enum(IncidentStatus),
  /** `critical`, `major`, `minor` or `trivial`. */
  severity_text: z.string().nullable(),
  /** Seconds from start to end (or to now while open). */
  duration: z.number().int().nonnegative(),
  /** Every configured role (`INCIDENT_ROLES`), in their configured order. */
  roles: z.array(incidentRoleDtoSchema),
  /** Goes up by one on every change; also the `ETag`. */
  version: z.number().int().positive(),
  /** Who made the last change, when known. */
  updated_by: userDtoSchema.nullable(),
  /** When the latest status update was posted; null before the first. */
  last_update_at: isoTimestamp.nullable(),
  /** When the next status update is due (`STATUS_UPDATE_CADENCE`); null when none is (closed, no cadence). */
  next_update_due: isoTimestamp.nullable(),
});

/** Someone active in an incident's channel. */
export const participantDtoSchema = z.strictObject({
  user: userDtoSchema,
  message_count: z.number().int().nonnegative(),
  join_time: isoTimestamp,
});
