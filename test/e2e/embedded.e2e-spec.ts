import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  REPO_ROOT,
  SERVER_ENTRY,
  freePort,
  startServerProcess,
  type ServerProcess,
} from '../support/processes.js';

/**
 * `npm start`'s mode: the built server with no DATABASE_URL (embedded PGlite under
 * DATA_DIR) and no REDIS_URL (jobs in-process), as separate processes.
 */
const ADMIN = { username: 'embedded-admin', password: 'embedded-password-1' };
const AUTH = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;

describe('embedded default (no DATABASE_URL, no REDIS_URL)', () => {
  let dataDir: string;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'response-embedded-'));
  });
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  function start(port: number): Promise<ServerProcess> {
    return startServerProcess(
      {
        DATA_DIR: dataDir,
        PORT: String(port),
        ADMIN_USERNAME: ADMIN.username,
        ADMIN_PASSWORD: ADMIN.password,
      },
      90_000,
    );
  }

  it('keeps an incident across a restart on the same DATA_DIR', async () => {
    const port = await freePort();
    server = await start(port);
    await server.waitForOutput(/jobs run in-process.*single process/i, 5_000);
    const health = await fetch(`${server.url}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', database: 'up', queue: 'in-process' });

    const anonymous = await fetch(`${server.url}/core/incidents`);
    expect(anonymous.status).toBe(401);
    const login = (password: string) =>
      fetch(`${server!.url}/core/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: ADMIN.username, password }),
      });
    expect((await login('wrong-password')).status).toBe(401);
    const session = await login(ADMIN.password);
    expect(session.status).toBe(200);
    expect(session.headers.get('set-cookie')).toMatch(/HttpOnly/i);

    const created = await fetch(`${server.url}/core/incidents`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        report: 'Checkout is down',
        summary: 'Payments fail with 502',
        severity: '2',
      }),
    });
    expect(created.status).toBe(201);
    const incident = (await created.json()) as { id: number; report: string };
    expect(incident.report).toBe('Checkout is down');

    await server.stop('SIGTERM');
    server = await start(port);

    const res = await fetch(`${server.url}/core/incidents/${incident.id}`, {
      headers: { Authorization: AUTH },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      id: incident.id,
      report: 'Checkout is down',
      summary: 'Payments fail with 502',
      severity: '2',
    });
    const list = (await fetch(`${server.url}/core/incidents`, {
      headers: { Authorization: AUTH },
    }).then((r) => r.json())) as { count: number };
    expect(list.count).toBe(1);
    // The insights' SQL (and its SET LOCALs) runs on the embedded database too.
    const insights = (await fetch(`${server.url}/core/insights`, {
      headers: { Authorization: AUTH },
    }).then((r) => r.json())) as { by_month: { total: number; by_severity: { '2': number } }[] };
    expect(insights.by_month).toHaveLength(12);
    expect(insights.by_month.at(-1)).toMatchObject({ total: 1, by_severity: { '2': 1 } });
    await server.stop('SIGTERM');
    server = undefined;
  }, 240_000);
});

describe('bad configuration', () => {
  function run(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
    return new Promise((done) => {
      const child = spawn(process.execPath, [SERVER_ENTRY], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.on('exit', (code) => done({ code, output }));
    });
  }

  it('stops with a message naming each bad variable and no stack trace', async () => {
    const { code, output } = await run({ PORT: 'abc', ROLE: 'boss', DATABASE_URL: 'mysql://db/x' });
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/ROLE/);
    expect(output).toMatch(/DATABASE_URL/);
    expect(output).not.toMatch(/^\s+at /m);
  }, 30_000);

  it('refuses ADMIN_USERNAME without ADMIN_PASSWORD', async () => {
    const { code, output } = await run({ ADMIN_USERNAME: 'admin' });
    expect(code).toBe(1);
    expect(output).toMatch(/ADMIN_PASSWORD/);
    expect(output).not.toMatch(/^\s+at /m);
  }, 30_000);
});
