import { z } from 'zod';

/** Every error body: a message, and for validation errors a field → message map. */
export const apiErrorSchema = z.strictObject({
  statusCode: z.number().int(),
  error: z.string(),
  message: z.string(),
  errors: z.record(z.string(), z.string()).optional(),
});

/** `GET /healthz`. */
export const healthDtoSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  database: z.enum(['up', 'down']),
  queue: z.enum(['up', 'down', 'in-process']),
  slack: z.enum(['configured', 'off']),
  /** With Slack on: each channel the app posts in → `joined`, `pending` or `not joined: <why>`. */
  slack_channels: z.record(z.string(), z.string()).optional(),
});

/** `GET /core/slack/check`: the Slack connection checklist (admins). */
export const slackCheckDtoSchema = z.strictObject({
  ok: z.boolean(),
  results: z.array(
    z.strictObject({
      check: z.string(),
      ok: z.boolean(),
      detail: z.string(),
      fix: z.string().optional(),
    }),
  ),
});
