import { z } from 'zod';
import { WEBHOOK_EVENTS, WebhookDeliveryStatus, WebhookEvent } from '../domain.js';
import { body, isoTimestamp } from './fields.js';

const url = z
  .string({ error: 'must be an http:// or https:// URL' })
  .trim()
  .min(1, 'is required')
  .max(2000, 'must be at most 2000 characters');

const events = z
  .array(
    z.enum(WebhookEvent, {
      error: `each must be one of ${WEBHOOK_EVENTS.join(', ')}`,
    }),
    { error: 'must be a list of event names' },
  )
  .min(1, 'must name at least one event (leave it out for every event)')
  .transform((list) => [...new Set(list)]);

const includePrivate = z.boolean({ error: 'must be true or false' });

/** `POST /core/webhooks`: `events` defaults to every event. */
export const createWebhookSchema = body({
  url,
  events: events.optional(),
  include_private: includePrivate.optional(),
});

/** `PATCH /core/webhooks/:id`; `enabled: true` turns on an endpoint disabled by a 410 again. */
export const patchWebhookSchema = body({
  url: url.optional(),
  events: events.optional(),
  include_private: includePrivate.optional(),
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
});

/** A webhook endpoint as the API returns it: never its secret. */
export const webhookDtoSchema = z.strictObject({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(WebhookEvent)),
  include_private: z.boolean(),
  enabled: z.boolean(),
  /** Why it is off (e.g. the endpoint answered 410 Gone), when it is. */
  disabled_reason: z.string().nullable(),
  created_at: isoTimestamp,
});

/** The answer to `POST /core/webhooks`: the only time the signing secret is shown. */
export const webhookCreatedDtoSchema = webhookDtoSchema.extend({
  /** `whsec_<base64>`: the base64 part is the HMAC-SHA256 key (Standard Webhooks). */
  secret: z.string(),
});

/** One try of a delivery. */
export const webhookAttemptDtoSchema = z.strictObject({
  attempted_at: isoTimestamp,
  /** The HTTP status the endpoint answered; null when there was no answer. */
  status_code: z.number().int().nullable(),
  latency_ms: z.number().int(),
  /** What went wrong (timeout, refused address, HTTP status…); null on success. */
  error: z.string().nullable(),
});

/** One event sent (or to send) to one endpoint, with every try. */
export const webhookDeliveryDtoSchema = z.strictObject({
  id: z.number().int(),
  /** The `webhook-id` header: the same on every try. */
  message_id: z.string(),
  event_type: z.enum(WebhookEvent),
  incident_id: z.number().int(),
  status: z.enum(WebhookDeliveryStatus),
  created_at: isoTimestamp,
  /** When the next try is due, while pending. */
  next_attempt_at: isoTimestamp.nullable(),
  /** Status code and latency of the latest try. */
  status_code: z.number().int().nullable(),
  latency_ms: z.number().int().nullable(),
  attempts: z.array(webhookAttemptDtoSchema),
});
