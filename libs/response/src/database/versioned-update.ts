import type { EntityManager, EntityTarget, ObjectLiteral, QueryDeepPartialEntity } from 'typeorm';

/** A row with an id and a version that goes up by one on every save. */
export interface VersionedRow extends ObjectLiteral {
  id: number;
  version: number;
}

/**
 * Writes `changes` and the next version, only if the row is still at
 * `version`: the check and the write are one statement
 * (`UPDATE … WHERE id = $1 AND version = $2`), so of two writers that read the
 * same version exactly one succeeds. False when the row was at another version
 * (or is gone).
 */
export async function updateIfVersion<T extends VersionedRow>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: number,
  version: number,
  changes: QueryDeepPartialEntity<T>,
): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(entity)
    .set({ ...changes, version: version + 1 } as QueryDeepPartialEntity<T>)
    .where('id = :id AND version = :version', { id, version })
    .returning('id')
    .execute();
  return (result.raw as unknown[]).length > 0;
}
