import {
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { JOB_QUEUE, type JobData, type JobName } from '@response/contracts';
import { JobQueue, type QueueCounts } from './job-queue.js';
import type { JobRegistry } from './job-registry.js';
import {
  jobLogFields,
  PermanentJobError,
  RetryPolicy,
  type Job,
  type JobOptions,
  type QueueHealth,
} from './queue.types.js';

interface Entry {
  job: Job;
  attempts: number;
  timer?: NodeJS.Timeout;
  running: boolean;
}

/** Single-process queue: jobs run in this process with the shared retry policy. */
export class InProcessJobQueue
  extends JobQueue
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(InProcessJobQueue.name);
  private readonly entries = new Map<string, Entry>();
  private readonly intervals: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<void>>();
  private failed = new Map<string, number>();
  private sequence = 0;
  private closed = false;

  constructor(
    private readonly registry: JobRegistry,
    private readonly runsJobs: boolean,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.logger.warn(
      'REDIS_URL is not set: jobs run in-process; this mode is for a single process only',
    );
  }

  async add<N extends JobName>(name: N, data: JobData<N>, options: JobOptions = {}): Promise<void> {
    if (this.closed) return;
    const queue = JOB_QUEUE[name];
    const id = options.jobId ?? `${++this.sequence}`;
    const key = `${queue}:${id}`;
    const existing = this.entries.get(key);
    if (existing && !existing.running) return;
    const entry: Entry = {
      job: { id, queue, name, data, attemptsMade: 0 } as Job,
      attempts: options.attempts ?? RetryPolicy.attempts,
      running: false,
    };
    if (existing?.running) {
      // The same key is running: run once more after it, so the newest state is not missed.
      this.entries.set(`${key}:next`, entry);
      return;
    }
    this.entries.set(key, entry);
    this.schedule(key, entry, options.delayMs ?? 0);
  }

  async addRepeatable<N extends JobName>(
    name: N,
    data: JobData<N>,
    everyMs: number,
  ): Promise<void> {
    if (!this.runsJobs) return;
    const timer = setInterval(
      () => void this.add(name, data, { jobId: `repeat:${name}` }),
      everyMs,
    );
    timer.unref();
    this.intervals.push(timer);
  }

  async has(name: JobName, jobId: string): Promise<boolean> {
    return this.entries.has(`${JOB_QUEUE[name]}:${jobId}`);
  }

  /** Schedules are timers of this process: nothing to restore. */
  async restoreSchedules(): Promise<void> {}

  async health(): Promise<QueueHealth> {
    return { mode: 'in-process', up: true };
  }

  async counts(): Promise<QueueCounts> {
    const out: QueueCounts = {};
    for (const entry of this.entries.values()) {
      const c = (out[entry.job.queue] ??= { waiting: 0, active: 0, delayed: 0, failed: 0 });
      if (entry.running) c.active++;
      else c.delayed++;
    }
    for (const [queue, failed] of this.failed)
      (out[queue] ??= { waiting: 0, active: 0, delayed: 0, failed: 0 }).failed = failed;
    return out;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closed = true;
    for (const timer of this.intervals) clearInterval(timer);
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer);
    await Promise.allSettled([...this.running]);
    this.entries.clear();
  }

  private schedule(key: string, entry: Entry, delayMs: number): void {
    if (!this.runsJobs) return;
    entry.timer = setTimeout(() => {
      const run = this.execute(key, entry);
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }, delayMs);
    entry.timer.unref?.();
  }

  private async execute(key: string, entry: Entry): Promise<void> {
    if (this.closed) return;
    entry.running = true;
    try {
      await this.registry.run(entry.job);
      await this.registry.settled(entry.job, 'completed');
      this.finish(key);
    } catch (error) {
      entry.running = false;
      entry.job.attemptsMade++;
      const permanent = error instanceof PermanentJobError;
      if (permanent || entry.job.attemptsMade >= entry.attempts) {
        await this.registry.settled(entry.job, 'failed');
        this.logger.error({
          msg: `Job ${entry.job.name} (${entry.job.id}) failed${permanent ? ' permanently' : ` after ${entry.job.attemptsMade} tries`}: ${(error as Error).message}`,
          ...jobLogFields(entry.job),
        });
        this.failed.set(entry.job.queue, (this.failed.get(entry.job.queue) ?? 0) + 1);
        this.finish(key);
        return;
      }
      const delay = RetryPolicy.delayFor(entry.job.attemptsMade, error);
      this.logger.warn({
        msg: `Job ${entry.job.name} (${entry.job.id}) failed, try ${entry.job.attemptsMade} of ${entry.attempts}; again in ${delay} ms: ${(error as Error).message}`,
        ...jobLogFields(entry.job),
      });
      this.schedule(key, entry, delay);
    }
  }

  private finish(key: string): void {
    this.entries.delete(key);
    const next = this.entries.get(`${key}:next`);
    if (next) {
      this.entries.delete(`${key}:next`);
      this.entries.set(key, next);
      this.schedule(key, next, 0);
    }
  }
}
