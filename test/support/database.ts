import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The machine's Postgres; override with TEST_DATABASE_URL (must point at an existing database). */
export const ADMIN_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** An existing database to create and drop the new one from (default ADMIN_DATABASE_URL). */
  adminUrl?: string;
  /** Start of the new database's name, before a random suffix (default `response_test_`). */
  prefix?: string;
}

/** A fresh, empty database on the real Postgres server for one test file (or one benchmark run). */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const adminUrl = options.adminUrl ?? ADMIN_DATABASE_URL;
  const name = `${options.prefix ?? 'response_test_'}${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
