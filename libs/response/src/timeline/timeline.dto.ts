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
export const createTimelineEventSchema = body({
  timestamp: isoDate,
  text: limitedText(Limits.timelineTextLength),
  event_type: eventType.optional(),
  metadata,
});
export type CreateTimelineEventBody = z.output<typeof createTimelineEventSchema>;

export const patchTimelineEventSchema = body({
  timestamp: isoDate.optional(),
  text: limitedText(Limits.timelineTextLength).optional(),
  event_type: eventType.optional(),
  metadata,
});
export type PatchTimelineEventBody = z.output<typeof patchTimelineEventSchema>;

export const putTimelineEventSchema = createTimelineEventSchema;
