import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';
import { createTestRedis, type TestRedis } from '../support/redis.js';

/** The process ids of a process's children. */
function childrenOf(pid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

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
      `HTTP: one process on port ${new URL(server.url).port}`,
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

  it('WEB_CONCURRENCY=2: two HTTP processes share the port, one that dies comes back, SIGTERM stops all', async () => {
    const redis: TestRedis = await createTestRedis();
    try {
      const server = await start({
        LOG_FORMAT: 'pretty',
        REDIS_URL: redis.url,
        WEB_CONCURRENCY: '2',
      });
      const port = new URL(server.url).port;
      expect(server.output).toContain(`HTTP: 2 processes on port ${port} (WEB_CONCURRENCY)`);
      const pid = server.child.pid!;
      const children = childrenOf(pid);
      expect(children).toHaveLength(2);
      // Both answer: many requests over fresh connections reach both processes.
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          fetch(`${server.url}/healthz`, { headers: { connection: 'close' } }).then(
            (r) => r.status,
          ),
        ),
      );
      expect(answers.every((status) => status === 200)).toBe(true);

      process.kill(children[0], 'SIGKILL');
      const deadline = Date.now() + 20_000;
      let now = childrenOf(pid);
      while ((now.length < 2 || now.includes(children[0])) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        now = childrenOf(pid);
      }
      expect(now).toHaveLength(2);
      expect(now).not.toContain(children[0]);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

      // Nest ends a process by its signal after closing everything.
      expect([0, null]).toContain(await server.stop('SIGTERM'));
      expect(server.child.signalCode === null || server.child.signalCode === 'SIGTERM').toBe(true);
      for (const child of now) expect(() => process.kill(child, 0)).toThrow();
      expect(server.output.filter((line) => /ERROR|Error:/.test(line))).toEqual([]);
    } finally {
      await redis.release();
    }
  });

  it('WEB_CONCURRENCY above 1 on the embedded database stops startup with a clear message', async () => {
    const server = await startServerProcess({
      WEB_CONCURRENCY: '3',
      DATA_DIR: '/dev/null/x',
    }).catch((error: Error) => error);
    expect(server).toBeInstanceOf(Error);
    expect((server as Error).message).toContain(
      'WEB_CONCURRENCY: the embedded database is held by one process',
    );
  });
});
