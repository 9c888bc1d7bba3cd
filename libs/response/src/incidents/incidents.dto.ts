import { IncidentStatus, Limits, SEVERITIES, type Severity } from '@response/contracts';
import { z } from 'zod';
import { body, isoDate, limitedText, severity, userRef } from '../common/schemas.js';

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

export const createIncidentSchema = body({
  report: limitedText(Limits.reportLength),
  ...writable,
  reporter: userRef.nullable().optional(),
  report_only: z.boolean({ error: 'must be true or false' }).optional(),
  private: z.boolean({ error: 'must be true or false' }).optional(),
  start_time: isoDate.optional(),
});
export type CreateIncidentBody = z.output<typeof createIncidentSchema>;

export const patchIncidentSchema = body({
  report: limitedText(Limits.reportLength).optional(),
  ...writable,
  start_time: isoDate.optional(),
  end_time: isoDate.nullable().optional(),
});
export type PatchIncidentBody = z.output<typeof patchIncidentSchema>;

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
export const byMonthParams = z.object({ year, month });

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
export type IncidentFilterQuery = z.output<typeof incidentFilterQuery>;
