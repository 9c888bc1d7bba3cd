import { WebhookJob } from '@response/contracts';
import type { OutboxEntry } from '../outbox/outbox.service.js';

/** Tries are given up this long after a delivery was created (or retried by an admin). */
export const RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;
const FIRST_RETRY_MS = 5_000;
const LONGEST_WAIT_MS = 60 * 60 * 1000;
/** A Retry-After of 0 must not turn into a busy loop. */
const SHORTEST_WAIT_MS = 1_000;

/**
 * How long to wait after `tries` failed tries: the endpoint's Retry-After when
 * it sent one, else 5 s doubling each time up to an hour.
 */
export function nextTryDelayMs(tries: number, retryAfterMs: number | null): number {
  if (retryAfterMs !== null)
    return Math.min(Math.max(retryAfterMs, SHORTEST_WAIT_MS), RETRY_WINDOW_MS);
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(tries - 1, 0), LONGEST_WAIT_MS);
}

/**
 * The outbox entry of a job that tries delivery `deliveryId`. `reason` makes
 * the job id unique to what asked for it (`new`, `try:3`, `after:41.1`…).
 */
export function deliveryJob(
  deliveryId: number,
  reason: string,
  delayMs = 0,
): OutboxEntry<typeof WebhookJob.Deliver> {
  return {
    name: WebhookJob.Deliver,
    data: { deliveryId },
    key: `webhook:${deliveryId}:${reason}`.slice(0, 200),
    delayMs: delayMs > 0 ? delayMs : undefined,
  };
}
