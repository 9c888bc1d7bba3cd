import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { JobOptions } from '../queue/queue.types.js';

export interface OutboxEntry<T> {
  queue: string;
  name: string;
  data: T;
  /** Idempotency key, used as the job id. */
  key?: string;
  delayMs?: number;
  attempts?: JobOptions['attempts'];
}

/**
 * Records a job inside the caller's transaction. The relay enqueues it after
 * commit, so a change and its side effects are never separated, even when the
 * queue is down at that moment.
 */
@Injectable()
export class OutboxService {
  async push<T>(manager: EntityManager, entry: OutboxEntry<T>): Promise<void> {
    await manager.query(`INSERT INTO outbox_message (topic, key, payload) VALUES ($1, $2, $3)`, [
      `${entry.queue}/${entry.name}`,
      entry.key ?? null,
      JSON.stringify({ data: entry.data, delayMs: entry.delayMs, attempts: entry.attempts }),
    ]);
  }
}
