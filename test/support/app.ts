import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { CONFIG, type Config } from '../../libs/response/src/config/config.js';
import { createResponseApp } from '../../libs/response/src/create-response-app.js';
import { ResponseModule } from '../../libs/response/src/response.module.js';
import { ADMIN } from './admin.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { createTestRedis } from './redis.js';

export interface TestApp {
  app: INestApplication;
  config: Config;
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234 */
  url: string;
  http: () => ReturnType<typeof request>;
  database: TestDatabase;
  close(): Promise<void>;
}

export { ADMIN };

export interface StartOptions {
  env?: Record<string, string | undefined>;
  /** Use Redis for jobs (default true). */
  redis?: boolean;
  /** Reuse a database (e.g. to restart on the same data). */
  database?: TestDatabase;
}

/** Starts the real application on a fresh Postgres database, listening on a random port. */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  // A REDIS_URL given in env (a Redis server of the test's own) needs no claim.
  const ownRedis =
    options.redis === false || (options.env !== undefined && 'REDIS_URL' in options.env);
  const redis = ownRedis ? undefined : await createTestRedis();
  const env: Record<string, string | undefined> = {
    DATABASE_URL: database.url,
    REDIS_URL: redis?.url,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  };
  const root = ResponseModule.forRoot({ env });
  let app: INestApplication;
  try {
    app = await createResponseApp(root, { exitOnError: false });
    await app.listen(0, '127.0.0.1');
  } catch (err) {
    await redis?.release();
    throw err;
  }
  const config = app.get<Config>(CONFIG);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  if (!options.env?.SITE_URL) config.app.siteUrl = url;
  return {
    app,
    config,
    url,
    http: () => request(app.getHttpServer()),
    database,
    async close() {
      try {
        await app.close();
      } finally {
        await redis?.release();
      }
      if (!options.database) await database.drop();
    },
  };
}
