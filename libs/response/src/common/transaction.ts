import type { EntityManager } from 'typeorm';
import type { UnitOfWork } from '../database/unit-of-work.js';

/** Runs `work` in the caller's transaction when one is given, else in a new one. */
export function inTransaction<T>(
  uow: UnitOfWork,
  manager: EntityManager | undefined,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return manager ? work(manager) : uow.run(work);
}
