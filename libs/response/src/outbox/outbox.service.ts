import { Injectable } from '@nestjs/common';
import type { JobName } from '@response/contracts';
import type { EntityManager } from 'typeorm';
import { OutboxRepository, type OutboxEntry } from './outbox.repository.js';

export type { OutboxEntry };

/**
 * Records a job inside the caller's transaction. The relay enqueues it after
 * commit, so a change and its side effects are never separated, even when the
 * queue is down at that moment.
 */
@Injectable()
export class OutboxService {
  constructor(private readonly repository: OutboxRepository) {}

  async push<N extends JobName>(manager: EntityManager, entry: OutboxEntry<N>): Promise<void> {
    await this.repository.insert(manager, entry);
  }
}
