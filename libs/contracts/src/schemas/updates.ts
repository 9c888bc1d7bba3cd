import { z } from 'zod';
import { Limits } from '../domain.js';
import { isBlankText } from '../text/stored-text.js';
import { body, isoTimestamp, limitedText } from './fields.js';
import { userDtoSchema } from './users.js';

/** `POST /core/incidents/:id/updates`: text that shows something, within the limit. */
export const createStatusUpdateSchema = body({
  text: limitedText(Limits.statusUpdateLength).refine(
    (text) => !isBlankText(text),
    'must not be empty',
  ),
});

/** A status update for stakeholders, as the API returns it. */
export const statusUpdateDtoSchema = z.strictObject({
  id: z.number().int(),
  /** As stored: Slack mrkdwn, HTML-escaped. */
  text: z.string(),
  /** Who posted it; null once that user is gone. */
  author: userDtoSchema.nullable(),
  posted_at: isoTimestamp,
});
