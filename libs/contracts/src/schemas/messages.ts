import { z } from 'zod';
import { isoDate, isoTimestamp } from './fields.js';
import { userDtoSchema } from './users.js';

/** A file shared in a message: its description, not its bytes. */
export const messageFileDtoSchema = z.strictObject({
  name: z.string(),
  type: z.string().nullable(),
  size: z.number().int().nullable(),
  permalink: z.string().nullable(),
});

/** One message of an incident's comms channel, as kept. */
export const channelMessageDtoSchema = z.strictObject({
  ts: z.string(),
  thread_ts: z.string().nullable(),
  /** The author, when known; null for bots and people not synced yet (see `author_id`). */
  user: userDtoSchema.nullable(),
  /** Slack id of the author (a bot's messages have none). */
  author_id: z.string().nullable(),
  /** Posted by a bot, this app included. */
  bot: z.boolean(),
  /** As Slack sent it: mrkdwn, with `&`, `<` and `>` escaped. Empty once deleted, unless kept. */
  text: z.string(),
  files: z.array(messageFileDtoSchema),
  posted_at: isoTimestamp,
  edited_at: isoTimestamp.nullable(),
  /** Earlier texts of an edited message, oldest first. */
  previous: z.array(z.strictObject({ text: z.string(), at: isoTimestamp })),
  deleted: z.boolean(),
  on_timeline: z.boolean(),
});

/** `?search=&since=&until=&thread=` of `/core/incidents/:id/messages`. */
export const messageQuerySchema = z.object({
  search: z
    .string()
    .trim()
    .max(200, 'must be at most 200 characters')
    .optional()
    .transform((v) => (v ? v : undefined)),
  since: isoDate.optional(),
  until: isoDate.optional(),
  thread: z
    .string()
    .regex(/^\d{1,12}\.\d{1,6}$/, 'must be a Slack message ts such as 1700000000.000100')
    .optional(),
});
