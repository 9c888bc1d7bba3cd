import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectQueue, type BullRootModuleOptions } from '@nestjs/bull';
import {
  JOB_QUEUE,
  QUEUES,
  SLACK_QUEUE,
  WEBHOOK_QUEUE,
  type JobData,
  type JobName,
  type QueueName,
} from '@response/contracts';
import type Bull from 'bull';
import { CONFIG, type Config } from '../config/config.js';
import { JobQueue, type QueueCounts } from './job-queue.js';
import { JobRegistry } from './job-registry.js';
import {
  jobLogFields,
  PermanentJobError,
  RetryPolicy,
  type Job,
  type JobOptions,
  type QueueHealth,
} from './queue.types.js';

const ADD_TIMEOUT_MS = 3000;
const CONCURRENCY = 8;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Options of every Bull queue, for `BullModule.forRootAsync`. A worker that dies
 * mid-job (OOM, SIGKILL, lost host) holds its job's lock until the lock expires;
 * another worker then takes the job again at its next stalled-job check. Bull's
 * defaults (30 s + 30 s) leave an incident's Slack side effects waiting up to a
 * minute. The lock is renewed every lockDuration / 2 while the job runs, so long
 * jobs keep theirs.
 */
export function bullOptions(config: Config): BullRootModuleOptions {
  return {
    url: config.redis.url,
    prefix: 'response',
    settings: {
      lockDuration: 15_000,
      stalledInterval: 5_000,
      backoffStrategies: {
        policy: (attemptsMade: number, error?: Error) => RetryPolicy.delayFor(attemptsMade, error),
      },
    },
  };
}

/**
 * Bull queues on Redis, shared by every process of the deployment. The queues
 * are registered, created and closed by `@nestjs/bull`; the jobs run through
 * the same JobRegistry as the in-process queue.
 */
@Injectable()
export class BullJobQueue
  extends JobQueue
  implements OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger(BullJobQueue.name);
  private readonly queues: ReadonlyMap<QueueName, Bull.Queue>;
  private readonly runsJobs: boolean;
  private readonly schedules = new Map<JobName, { data: unknown; everyMs: number }>();
  private closed = false;

  constructor(
    @Inject(CONFIG) config: Config,
    private readonly registry: JobRegistry,
    @InjectQueue(SLACK_QUEUE) slackQueue: Bull.Queue,
    @InjectQueue(WEBHOOK_QUEUE) webhookQueue: Bull.Queue,
  ) {
    super();
    this.runsJobs = config.app.worker;
    // One entry per queue of the catalogue (QUEUES).
    this.queues = new Map([
      [SLACK_QUEUE, slackQueue],
      [WEBHOOK_QUEUE, webhookQueue],
    ]);
    for (const [name, queue] of this.queues)
      queue.on('error', (error) => this.logger.error(`Queue ${name}: ${error.message}`));
  }

  /** The Bull queue instances, for the admin dashboard. */
  bullQueues(): Bull.Queue[] {
    return [...this.queues.values()];
  }

  onApplicationBootstrap(): void {
    if (!this.runsJobs) return;
    for (const name of this.registry.queues()) {
      const queue = this.queue(name);
      void queue.process('*', CONCURRENCY, async (job) => {
        const ours: Job = {
          id: String(job.id),
          queue: name,
          name: job.name as JobName,
          data: job.data as JobData<JobName>,
          attemptsMade: job.attemptsMade,
        };
        try {
          const result = await this.registry.run(ours);
          await this.registry.settled(ours, 'completed');
          return result;
        } catch (error) {
          const permanent = error instanceof PermanentJobError;
          if (permanent) await job.discard();
          if (permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1))
            await this.registry.settled(ours, 'failed');
          throw error;
        }
      });
      queue.on('failed', (job, error) => {
        const final =
          job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof PermanentJobError;
        const fields = jobLogFields({
          queue: name,
          name: job.name as JobName,
          id: String(job.id),
          attemptsMade: job.attemptsMade,
          data: job.data,
        });
        const msg = `Job ${job.name} (${String(job.id)}) failed, try ${job.attemptsMade}: ${error.message}`;
        if (final) this.logger.error({ msg, ...fields });
        else this.logger.warn({ msg, ...fields });
      });
    }
    this.logger.log(`Processing queues: ${this.registry.queues().join(', ')}`);
  }

  async add<N extends JobName>(name: N, data: JobData<N>, options: JobOptions = {}): Promise<void> {
    const queue = JOB_QUEUE[name];
    if (options.jobId)
      await withTimeout(
        this.forgetFailed(queue, options.jobId),
        ADD_TIMEOUT_MS,
        `Adding job ${name}`,
      );
    await withTimeout(
      this.queue(queue).add(name, data, {
        jobId: options.jobId,
        delay: options.delayMs,
        attempts: options.attempts ?? RetryPolicy.attempts,
        backoff: { type: 'policy' },
        removeOnComplete: true,
        removeOnFail: 1000,
      }),
      ADD_TIMEOUT_MS,
      `Adding job ${name}`,
    );
  }

  /**
   * Failed jobs are kept (for the dashboard) with their ids, and Bull ignores
   * an add whose id it still holds. A key only guards against duplicates while
   * its job is waiting, delayed or running, so a failed job of the same id is
   * removed first and the new one runs.
   */
  private async forgetFailed(queue: QueueName, jobId: string): Promise<void> {
    const existing = await this.queue(queue).getJob(jobId);
    if (!existing || !(await existing.isFailed())) return;
    try {
      await existing.remove();
      this.logger.log(`Job ${jobId} had failed; it is queued again`);
    } catch (error) {
      // Another process re-added or removed it meanwhile; Bull's own id check decides.
      this.logger.debug(`Could not remove failed job ${jobId}: ${(error as Error).message}`);
    }
  }

  /**
   * Registers a schedule. Never blocks startup: while Redis is unreachable it
   * keeps trying in the background, so the process still boots and reports
   * the queue as down on /healthz.
   */
  async addRepeatable<N extends JobName>(
    name: N,
    data: JobData<N>,
    everyMs: number,
  ): Promise<void> {
    if (!this.runsJobs) return;
    this.schedules.set(name, { data, everyMs });
    const register = async (): Promise<void> => {
      if (this.closed) return;
      try {
        await this.schedule(name, data, everyMs);
      } catch (error) {
        this.logger.warn(
          `Could not schedule ${name}, retrying in 10 s: ${(error as Error).message}`,
        );
        const timer = setTimeout(() => void register(), 10_000);
        timer.unref();
      }
    };
    await register();
  }

  async has(name: JobName, jobId: string): Promise<boolean> {
    const job = await withTimeout(this.queue(JOB_QUEUE[name]).getJob(jobId), 2000, 'Job lookup');
    if (!job) return false;
    return !(await job.isCompleted());
  }

  /** Bull keeps schedules in Redis: adding one again is a no-op unless Redis lost it. */
  async restoreSchedules(): Promise<void> {
    for (const [name, { data, everyMs }] of this.schedules)
      await this.schedule(name, data, everyMs);
  }

  private async schedule(name: JobName, data: unknown, everyMs: number): Promise<void> {
    await withTimeout(
      this.queue(JOB_QUEUE[name]).add(name, data, {
        jobId: `repeat:${name}`,
        repeat: { every: everyMs },
        removeOnComplete: true,
        removeOnFail: 100,
        attempts: 1,
      }),
      ADD_TIMEOUT_MS,
      `Scheduling ${name}`,
    );
  }

  async health(): Promise<QueueHealth> {
    try {
      const client = this.queue(QUEUES[0]).client;
      await withTimeout(client.ping(), 1000, 'Redis ping');
      return { mode: 'redis', up: true };
    } catch {
      return { mode: 'redis', up: false };
    }
  }

  async counts(): Promise<QueueCounts> {
    const out: QueueCounts = {};
    for (const name of this.registry.queues()) {
      const c = await withTimeout(this.queue(name).getJobCounts(), 1000, 'Queue counts');
      out[name] = { waiting: c.waiting, active: c.active, delayed: c.delayed, failed: c.failed };
    }
    return out;
  }

  /** Stops scheduling; `@nestjs/bull` closes the queues at shutdown. */
  beforeApplicationShutdown(): void {
    this.closed = true;
  }

  private queue(name: QueueName): Bull.Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`Unknown queue ${name}`);
    return queue;
  }
}
