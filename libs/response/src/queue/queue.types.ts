import type { JobData, JobName, QueueName } from '@response/contracts';

/** Options for one job. */
export interface JobOptions {
  /** Idempotency key: a job with the same id is not added again while it is waiting, delayed or running. */
  jobId?: string;
  /** Run no earlier than this many milliseconds from now. */
  delayMs?: number;
  /** Total tries, first one included (default 8). */
  attempts?: number;
}

/** What a handler receives: job `N` of the catalogue, with its data. */
export interface Job<N extends JobName = JobName> {
  id: string;
  queue: QueueName;
  name: N;
  data: JobData<N>;
  /** Tries already made before this one. */
  attemptsMade: number;
}

/** Thrown by a handler when trying again cannot help (e.g. `channel_not_found`): the job fails at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** Thrown by a handler when the other side said when to try again (e.g. HTTP 429 with Retry-After). */
export class RetryLaterError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'RetryLaterError';
  }
}

export interface QueueHealth {
  mode: 'redis' | 'in-process';
  up: boolean;
}

/** Retry policy shared by the Redis and in-process queues. */
export const RetryPolicy = {
  attempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  /** Delay before the next try after `attemptsMade` failed tries. */
  delayFor(attemptsMade: number, error: unknown): number {
    if (error instanceof RetryLaterError) return Math.max(error.retryAfterMs, 0);
    const exp = RetryPolicy.baseDelayMs * 2 ** Math.max(attemptsMade - 1, 0);
    return Math.min(exp, RetryPolicy.maxDelayMs);
  },
};

/** Structured fields for a job's log lines: queue, job name, job id, try, and the incident when the data names one. */
export function jobLogFields(
  job: Pick<Job, 'queue' | 'name' | 'id' | 'attemptsMade' | 'data'>,
): Record<string, unknown> {
  const data = job.data as { incidentId?: unknown } | null | undefined;
  const incidentId = typeof data?.incidentId === 'number' ? data.incidentId : undefined;
  return { queue: job.queue, job: job.name, jobId: job.id, attempt: job.attemptsMade, incidentId };
}
