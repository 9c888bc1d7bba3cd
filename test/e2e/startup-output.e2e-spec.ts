import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';

/** What a person sees when the server starts: readable on a terminal, JSON lines for machines. */
describe('start-up output', () => {
  let database: TestDatabase;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await database?.drop();
  });

  const start = async (env: Record<string, string>) => {
    const server = await startServerProcess({
      DATABASE_URL: database.url,
      ADMIN_USERNAME: 'starter',
      ADMIN_PASSWORD: 'starter-password-1',
      ...env,
    });
    servers.push(server);
    await server.waitForOutput(/log in as "starter"/);
    return server;
  };

  it('LOG_FORMAT=pretty: one readable line per fact, and the URL and what to do next last', async () => {
    const server = await start({ LOG_FORMAT: 'pretty' });
    const lines = server.output;
    expect(lines.filter((line) => line.startsWith('{'))).toEqual([]);
    expect(lines.some((line) => /^\d\d:\d\d:\d\d (INFO|WARN) {1,2}\[\w+\] /.test(line))).toBe(true);
    // Nest's module and route lines stay out of a person's way.
    expect(lines.some((line) => /Mapped \{/.test(line))).toBe(false);
    const summary = lines.slice(
      lines.findIndex((line) => line.startsWith('Response is running at')),
    );
    expect(summary).toEqual([
      `Response is running at ${server.url.replace('127.0.0.1', 'localhost')}`,
      expect.stringMatching(/^Database: Postgres at postgres:\/\//),
      'Jobs: in this process (set REDIS_URL for several processes)',
      'Slack: off (see "Connect Slack in 10 minutes" in the README)',
      `Open ${server.url.replace('127.0.0.1', 'localhost')} and log in as "starter" with ADMIN_PASSWORD.`,
    ]);
  });

  it('without a terminal: JSON lines', async () => {
    const server = await start({});
    const logs = server.output.slice(
      0,
      server.output.findIndex((line) => line.startsWith('Response is running at')),
    );
    expect(logs.length).toBeGreaterThan(3);
    for (const line of logs) expect(() => JSON.parse(line)).not.toThrow();
  });
});
