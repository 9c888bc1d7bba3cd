import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, type EntityManager } from 'typeorm';

/** Emitted after a transaction commits, so the outbox relay can deliver at once. */
export const AFTER_COMMIT = 'unit-of-work.committed';

/**
 * Runs a function in one database transaction. Everything written through the
 * manager (the change, its timeline entries, change-log events and outbox rows)
 * commits or rolls back together.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly dataSource: DataSource,
    private readonly emitter: EventEmitter2,
  ) {}

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(work);
    this.emitter.emit(AFTER_COMMIT);
    return result;
  }
}
