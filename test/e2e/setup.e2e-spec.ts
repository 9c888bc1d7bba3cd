import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SESSION_COOKIE, type MeDto } from '@response/contracts';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';

/**
 * The first start: with no account, the server prints a one-time setup link
 * as its last line; the link creates the first admin and logs them in; after
 * that `/setup` and its API are 404.
 */
describe('first start: the setup link', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let link: URL;
  let origin: string;

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/core/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    // No ADMIN_USERNAME/ADMIN_PASSWORD: nobody can log in yet.
    server = await startServerProcess({ DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
    const line = await server.waitForOutput(/\/setup\?code=/, 30_000);
    link = new URL(line);
    origin = new URL(server.url.replace('127.0.0.1', 'localhost')).origin;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('prints the link last, under SITE_URL, with a long random code', () => {
    expect(server.output.at(-1)).toBe(link.toString());
    expect(server.output.at(-2)).toBe(
      'No account exists yet: open this one-time link to create the first admin account.',
    );
    expect(link.origin).toBe(origin);
    expect(link.pathname).toBe('/setup');
    expect(link.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{32,}$/);
  });

  it('serves the setup page and says setup is needed', async () => {
    const page = await fetch(`${server.url}/setup?code=whatever`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(200);
    const status = await fetch(`${server.url}/core/setup`);
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual({ setup_required: true });
  });

  it('refuses a wrong code, bad fields, a form post and another site', async () => {
    const account = { username: 'first', password: 'first-password-1' };
    const wrong = await post({ ...account, code: 'not-the-code' });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).message).toMatch(/setup link is not valid/);
    const bad = await post({ code: link.searchParams.get('code'), username: 'a b', password: 'x' });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()).errors).sort()).toEqual(['password', 'username']);
    const form = await fetch(`${server.url}/core/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...account, code: link.searchParams.get('code')! }).toString(),
    });
    expect(form.status).toBe(415);
    const elsewhere = await post(
      { ...account, code: link.searchParams.get('code') },
      { origin: 'https://evil.example' },
    );
    expect(elsewhere.status).toBe(403);
  });

  it('creates exactly one admin when several attempts race, and logs it in', async () => {
    const code = link.searchParams.get('code')!;
    const attempts = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        post({ code, username: `racer${i}`, password: `racer-password-${i}` }, { origin }),
      ),
    );
    const statuses = attempts.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 404, 404, 404, 404]);
    const winner = attempts.find((res) => res.status === 201)!;
    const me = (await winner.json()) as MeDto;
    expect(me).toMatchObject({ role: 'admin', csrf_token: expect.any(String) });
    const cookie = winner.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/i);
    const who = await fetch(`${server.url}/core/auth/me`, {
      headers: { cookie: cookie!.split(';')[0]! },
    });
    expect(await who.json()).toMatchObject({ username: me.username, role: 'admin' });

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ username: string; role: string }>(
        'SELECT username, role FROM account',
      );
      expect(rows).toEqual([{ username: me.username, role: 'admin' }]);
      // The code is used up: none is left to use again.
      expect((await db.query('SELECT 1 FROM setup_code')).rowCount).toBe(0);
    } finally {
      await db.end();
    }
  });

  it('is gone afterwards: the page and its API are 404, the code works no more', async () => {
    const page = await fetch(`${server.url}/setup?code=${link.searchParams.get('code')}`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(404);
    expect((await fetch(`${server.url}/core/setup`)).status).toBe(404);
    const reuse = await post(
      { code: link.searchParams.get('code'), username: 'late', password: 'late-password-1' },
      { origin },
    );
    expect(reuse.status).toBe(404);
  });
});
