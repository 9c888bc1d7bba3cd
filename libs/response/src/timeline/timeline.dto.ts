import { Limits } from '@response/contracts';
import { z } from 'zod';
import { body, isoDate, limitedText } from '../common/schemas.js';

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

/** Timeline bodies; read-only fields (id, text_ui) are ignored. */
export const createTimelineEntrySchema = body({
  timestamp: isoDate,
  text: limitedText(Limits.timelineTextLength),
  event_type: eventType.optional(),
  metadata,
});
export type CreateTimelineEntryBody = z.output<typeof createTimelineEntrySchema>;

export const patchTimelineEntrySchema = body({
  timestamp: isoDate.optional(),
  text: limitedText(Limits.timelineTextLength).optional(),
  event_type: eventType.optional(),
  metadata,
});
export type PatchTimelineEntryBody = z.output<typeof patchTimelineEntrySchema>;

export const putTimelineEntrySchema = createTimelineEntrySchema;
