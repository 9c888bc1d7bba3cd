import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ADMIN } from '../../support/admin.js';
import {
  createTestDatabase,
  type TestDatabase,
  type TestDatabaseOptions,
} from '../../support/database.js';
import { REPO_ROOT, startServerProcess, type ServerProcess } from '../../support/processes.js';

export { ADMIN };

/** Where screenshots go (git-ignored). */
export const ARTIFACTS = resolve(REPO_ROOT, 'test-artifacts');

export interface RunningServer {
  url: string;
  server: ServerProcess;
  database: TestDatabase;
  /** `/core` call as the admin (HTTP Basic), answering parsed JSON. */
  core<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The built server (`server/dist/main.js`) on a fresh Postgres database, Slack off, jobs in-process.
 * `database` says where and under what name that database is created (default: as for any test);
 * `env` adds settings.
 */
export async function startBuiltServer(
  options: { database?: TestDatabaseOptions; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const database = await createTestDatabase(options.database);
  const server = await startServerProcess({
    DATABASE_URL: database.url,
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'warn',
    ...options.env,
  }).catch(async (error: unknown) => {
    await database.drop();
    throw error;
  });
  const authorization = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;
  return {
    url: server.url,
    server,
    database,
    async core<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    async stop() {
      await server.stop();
      await database.drop();
    },
  };
}
