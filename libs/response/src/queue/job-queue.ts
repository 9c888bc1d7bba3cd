import type { JobOptions, QueueHealth } from './queue.types.js';

/**
 * Where jobs are added. Backed by Bull on Redis when REDIS_URL is set,
 * otherwise by an in-process queue with the same handlers and retry policy.
 */
export abstract class JobQueue {
  abstract add<T>(queue: string, name: string, data: T, options?: JobOptions): Promise<void>;
  /** A job run every `everyMs` by one worker of the deployment. */
  abstract addRepeatable<T>(queue: string, name: string, data: T, everyMs: number): Promise<void>;
  abstract health(): Promise<QueueHealth>;
  /** Jobs waiting, delayed or running, per queue. */
  abstract counts(): Promise<
    Record<string, { waiting: number; active: number; delayed: number; failed: number }>
  >;
}
