import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGliteDriver } from 'typeorm-pglite';
import type { DatabaseConfig } from '../config/database.config.js';
import { acquireEmbeddedLock, type EmbeddedOwner } from './embedded-lock.js';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './naming.strategy.js';
import { SLOW_QUERY_MS, TypeOrmLogger } from './typeorm-logger.js';

/**
 * Connection options for real Postgres, or for embedded PGlite when no
 * DATABASE_URL is set. The embedded database is taken for this process first
 * (see `embedded-lock.ts`): another process holding it is an error.
 */
export function dataSourceOptions(
  config: DatabaseConfig,
  holder: EmbeddedOwner['holder'] = 'server',
): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    namingStrategy: new SnakeNamingStrategy(),
    // Failed and slow queries and migrations, through the app's JSON logger.
    logger: new TypeOrmLogger(),
    maxQueryExecutionTime: SLOW_QUERY_MS,
  };
  if (config.kind === 'postgres') {
    return {
      ...common,
      url: config.url,
      extra: { max: 20, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30000 },
    };
  }
  acquireEmbeddedLock(config.dataDir, holder);
  const dataDir = resolve(config.dataDir, 'pgdata');
  mkdirSync(dataDir, { recursive: true });
  // pg_trgm and btree_gin: the channel record is searched with a GIN index over the incident
  // and the text's trigrams, as on Postgres.
  return {
    ...common,
    driver: new PGliteDriver({ dataDir, extensions: { btree_gin, pg_trgm } }).driver,
  };
}
