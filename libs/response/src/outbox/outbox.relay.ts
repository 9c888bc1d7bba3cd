import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DataSource } from 'typeorm';
import { AFTER_COMMIT } from '../database/unit-of-work.js';
import { JobQueue } from '../queue/job-queue.js';
import { RetryPolicy } from '../queue/queue.types.js';
import { OutboxMessage } from './outbox-message.entity.js';

const POLL_MS = 1000;
const BATCH = 100;

interface Row {
  id: string;
  topic: string;
  key: string | null;
  payload: { data: unknown; delayMs?: number; attempts?: number };
  attempts: number;
}

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
  async lagSeconds(): Promise<number> {
    const rows: { lag: string | null }[] = await this.dataSource.query(
      `SELECT EXTRACT(EPOCH FROM (now() - min(created_at))) AS lag FROM outbox_message WHERE dispatched_at IS NULL`,
    );
    return Number(rows[0]?.lag ?? 0);
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
      const rows: Row[] = await manager.query(
        `SELECT id, topic, key, payload, attempts FROM outbox_message
          WHERE dispatched_at IS NULL AND available_at <= now()
          ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      let delivered = 0;
      for (const row of rows) {
        const [queue, name] = splitTopic(row.topic);
        try {
          await this.queue.add(queue, name, row.payload.data, {
            jobId: row.key ?? `outbox:${row.id}`,
            delayMs: row.payload.delayMs,
            attempts: row.payload.attempts,
          });
          await manager.update(OutboxMessage, { id: row.id }, { dispatchedAt: new Date() });
          delivered++;
        } catch (error) {
          const delay = RetryPolicy.delayFor(row.attempts + 1, error);
          await manager.query(
            `UPDATE outbox_message SET attempts = attempts + 1, available_at = now() + ($2 || ' milliseconds')::interval WHERE id = $1`,
            [row.id, String(delay)],
          );
          this.logger.warn(
            `Outbox row ${row.id} (${row.topic}) not delivered, retry in ${delay} ms: ${(error as Error).message}`,
          );
          break;
        }
      }
      if (delivered > 0) {
        await manager.query(
          `DELETE FROM outbox_message WHERE dispatched_at < now() - interval '1 day'`,
        );
      }
      // A refused row stops the batch; the next kick or poll tries again.
      return delivered === rows.length ? rows.length : 0;
    });
  }
}

function splitTopic(topic: string): [string, string] {
  const slash = topic.indexOf('/');
  return [topic.slice(0, slash), topic.slice(slash + 1)];
}
