import { z } from 'zod';
import { Limits } from '../domain.js';
import { body, expectedVersion, isoDate, limitedText, isoTimestamp } from './fields.js';
import { userDtoSchema } from './users.js';

const eventType = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(50, 'must be at most 50 characters')
  .regex(/^[a-z0-9_]+$/, 'must be lower-case letters, digits and underscores');
const metadata = z
  .record(z.string(), z.unknown(), { error: 'must be a JSON object' })
  .nullable()
  .optional();

/** `POST` of a timeline entry; read-only fields (id, text_ui) are ignored. */
export const createTimelineEntrySchema = body({
  timestamp: isoDate,
  text: limitedText(Limits.timelineTextLength),
  event_type: eventType.optional(),
  metadata,
});

/** `PATCH` of a timeline entry: every field optional. */
export const patchTimelineEntrySchema = body({
  timestamp: isoDate.optional(),
  text: limitedText(Limits.timelineTextLength).optional(),
  event_type: eventType.optional(),
  metadata,
  /** The version this change was made on (as `If-Match`): 412 when it is not the current one. */
  version: expectedVersion.optional(),
});

/** `PUT` of a timeline entry: `timestamp` and `text` must be present, as on create. */
export const putTimelineEntrySchema = patchTimelineEntrySchema.extend({
  timestamp: isoDate,
  text: limitedText(Limits.timelineTextLength),
});

/** A timeline entry as the API returns it. */
export const timelineEntryDtoSchema = z.strictObject({
  id: z.number().int(),
  timestamp: isoTimestamp,
  /** As stored: Slack mrkdwn, HTML-escaped. */
  text: z.string(),
  /** `text` with mentions, channels and emoji resolved for display. */
  text_ui: z.string(),
  /** One of `TimelineEntryType`, or a type of the client's own. */
  event_type: z.string(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  /** Goes up by one on every change; also the `ETag`. */
  version: z.number().int().positive(),
  /** Who made the last change, when known. */
  updated_by: userDtoSchema.nullable(),
});
