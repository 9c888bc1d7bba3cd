import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { JobData, JobName } from '@response/contracts';
import { DataSource } from 'typeorm';
import { AFTER_COMMIT } from '../database/unit-of-work.js';
import { JobQueue } from '../queue/job-queue.js';
import { RetryPolicy } from '../queue/queue.types.js';
import { jobNameOf, OutboxRepository } from './outbox.repository.js';

const POLL_MS = 1000;
const BATCH = 100;

/**
 * Moves outbox rows to the job queue. Runs in every process; rows are claimed
 * with SKIP LOCKED so two relays never enqueue the same row.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly outbox: OutboxRepository,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.draining;
  }

  @OnEvent(AFTER_COMMIT)
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: Error) => this.logger.warn(`Outbox relay paused: ${error.message}`))
      .finally(() => {
        this.draining = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Seconds the oldest undelivered row has waited (0 when none). */
  lagSeconds(): Promise<number> {
    return this.outbox.lagSeconds();
  }

  /** Delivers every row that is due; returns when none is left or the queue refuses. */
  async drain(): Promise<void> {
    for (;;) {
      const delivered = await this.deliverBatch();
      if (delivered < BATCH) return;
    }
  }

  private async deliverBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await this.outbox.claimDue(manager, BATCH);
      let delivered = 0;
      for (const row of rows) {
        const name = jobNameOf(row.topic);
        try {
          await this.queue.add(name, row.payload.data as JobData<JobName>, {
            jobId: row.key ?? `outbox:${row.id}`,
            delayMs: row.payload.delayMs,
            attempts: row.payload.attempts,
          });
          await this.outbox.markDispatched(manager, row.id);
          delivered++;
        } catch (error) {
          const delay = RetryPolicy.delayFor(row.attempts + 1, error);
          await this.outbox.retryLater(manager, row.id, delay);
          this.logger.warn(
            `Outbox row ${row.id} (${row.topic}) not delivered, retry in ${delay} ms: ${(error as Error).message}`,
          );
          break;
        }
      }
      if (delivered > 0) await this.outbox.purgeCompleted(manager);
      // A refused row stops the batch; the next kick or poll tries again.
      return delivered === rows.length ? rows.length : 0;
    });
  }
}
