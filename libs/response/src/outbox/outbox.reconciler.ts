import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { CONFIG, type Config } from '../config/config.js';
import { JobQueue } from '../queue/job-queue.js';
import { JobRegistry } from '../queue/job-registry.js';
import { OutboxRelay } from './outbox.relay.js';
import { jobNameOf, OutboxRepository } from './outbox.repository.js';

/** How often the reconciler looks, and how long a job may be in the queue before it is checked. */
export const RECONCILE_EVERY_MS = 20_000;
const UNCONFIRMED_AFTER_SECONDS = 15;
const BATCH = 500;
/** Namespace of the advisory lock that lets one process of the deployment reconcile at a time. */
const RECONCILE_LOCK = 0x6f75_7462; // "outb"

/**
 * An outbox row is done only when its job has completed. Each worker process
 * marks the rows of the jobs it finishes, and every 20 s one process of the
 * deployment (whichever takes the lock) checks the rows that were queued but
 * not completed: a job the queue no longer has (Redis restarted empty, or the
 * in-process queue stopped) is queued again under the same deterministic id,
 * so a job that still exists is never doubled. The schedules are registered
 * again too, since a Redis restart loses them as well.
 */
@Injectable()
export class OutboxReconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxReconciler.name);
  private timer?: NodeJS.Timeout;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly queue: JobQueue,
    private readonly relay: OutboxRelay,
    registry: JobRegistry,
  ) {
    registry.onSettled((job) => this.outbox.markCompleted(job.id));
  }

  onApplicationBootstrap(): void {
    if (!this.config.app.worker) return;
    this.timer = setInterval(() => {
      this.running ??= this.reconcile()
        .then(() => undefined)
        .catch((error: Error) => this.logger.warn(`Outbox check paused: ${error.message}`))
        .finally(() => (this.running = null));
    }, RECONCILE_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One round; returns how many rows were handed back to the relay (0 when another process holds the turn). */
  async reconcile(): Promise<number> {
    const requeued = await this.dataSource.transaction(async (manager) => {
      const [turn]: { taken: boolean }[] = await manager.query(
        `SELECT pg_try_advisory_xact_lock($1) AS taken`,
        [RECONCILE_LOCK],
      );
      if (!turn?.taken) return [];
      const rows = await this.outbox.unconfirmed(manager, UNCONFIRMED_AFTER_SECONDS, BATCH);
      const missing: string[] = [];
      for (const row of rows) {
        const jobId = row.key ?? `outbox:${row.id}`;
        if (!(await this.queue.has(jobNameOf(row.topic), jobId))) missing.push(row.id);
      }
      await this.outbox.redeliver(manager, missing);
      return missing;
    });
    await this.queue.restoreSchedules();
    if (requeued.length > 0) {
      this.logger.warn(
        `${requeued.length} queued jobs were missing from the queue; queued again from the outbox`,
      );
      this.relay.kick();
    }
    return requeued.length;
  }
}
