import type { JobData, JobName, QueueName } from '@response/contracts';
import type { JobOptions, QueueHealth } from './queue.types.js';

/** Jobs waiting, delayed, running and failed, per queue. */
export type QueueCounts = Record<
  string,
  { waiting: number; active: number; delayed: number; failed: number }
>;

/**
 * Where jobs are added, typed by the job catalogue. Backed by Bull on Redis
 * when REDIS_URL is set, otherwise by an in-process queue with the same
 * handlers and retry policy.
 */
export abstract class JobQueue {
  abstract add<N extends JobName>(name: N, data: JobData<N>, options?: JobOptions): Promise<void>;
  /** A job run every `everyMs` by one worker of the deployment. */
  abstract addRepeatable<N extends JobName>(
    name: N,
    data: JobData<N>,
    everyMs: number,
  ): Promise<void>;
  /**
   * Whether a job with this id is waiting, delayed or running (or failed and
   * kept); false when the queue has no such job (completed and removed, or lost).
   */
  abstract has(name: JobName, jobId: string): Promise<boolean>;
  /** Registers the schedules again where the queue may have lost them (Redis restarted empty). */
  abstract restoreSchedules(): Promise<void>;
  abstract health(): Promise<QueueHealth>;
  abstract counts(): Promise<QueueCounts>;
}

export type { QueueName };
