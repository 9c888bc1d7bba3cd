import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CSRF_HEADER, SESSION_COOKIE, type AccountDto, type MeDto } from '@response/contracts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { LOGIN_LIMITS } from '../../libs/response/src/auth/login-throttle.service.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { REPO_ROOT } from '../support/processes.js';

/**
 * Accounts and sessions: sessions end when an account changes, client
 * addresses come from the socket unless TRUST_PROXY says otherwise, failed
 * logins slow a (username, address) pair down without locking out the real
 * user, login takes JSON from this site only, and links come from SITE_URL.
 */

const ROB = { username: 'rob', password: 'responder-password-1' };
const ADA = { username: 'ada', password: 'second-admin-password' };
const TARGET = { username: 'target', password: 'target-password-1' };
const SAM = { username: 'sam', password: 'sam-password-1' };
const SITE = 'https://response.example.com';

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

async function login(
  t: TestApp,
  who: { username: string; password: string },
  from?: string,
): Promise<{ cookie: string; me: MeDto }> {
  const req = t.http().post('/core/auth/login');
  if (from) req.set('X-Forwarded-For', from);
  const res = await req.send(who).expect(200);
  const cookies = res.headers['set-cookie'] as unknown as string[];
  const cookie = cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!.split(';')[0]!;
  return { cookie, me: res.body as MeDto };
}

const me = (t: TestApp, cookie: string) => t.http().get('/core/auth/me').set('Cookie', cookie);

const attempt = (t: TestApp, who: { username: string; password: string }, from?: string) => {
  const req = t.http().post('/core/auth/login');
  if (from) req.set('X-Forwarded-For', from);
  return req.send(who);
};

/** Waits until the pair may try again (a refused attempt counts nothing), then tries. */
async function attemptWhenAllowed(
  t: TestApp,
  who: { username: string; password: string },
  from: string,
): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await attempt(t, who, from);
    if (res.status !== 429 || Date.now() > deadline) return res.status;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('behind a proxy named by TRUST_PROXY', () => {
  let t: TestApp;
  const idOf = async (username: string) =>
    (await t.app.get(AccountsService).findByUsername(username))!.id;
  const patch = async (username: string, body: object) =>
    t
      .http()
      .patch(`/core/accounts/${await idOf(username)}`)
      .set('Authorization', basic(ADMIN.username, ADMIN.password))
      .send(body);

  beforeAll(async () => {
    t = await startTestApp({ redis: false, env: { TRUST_PROXY: 'loopback' } });
    const accounts = t.app.get(AccountsService);
    await accounts.create({ ...ROB, role: 'responder' });
    await accounts.create({ ...ADA, role: 'admin' });
    await accounts.create({ ...TARGET, role: 'responder' });
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('sessions end when the account changes', () => {
    it('a new password ends every session at once, and the old password stops working', async () => {
      const first = await login(t, ROB, '10.0.0.1');
      const second = await login(t, ROB, '10.0.0.2');
      await me(t, first.cookie).expect(200);
      // Basic with the old password is remembered for a while: a change must end that too.
      await t
        .http()
        .get('/core/auth/me')
        .set('Authorization', basic(ROB.username, ROB.password))
        .expect(200);

      const res = await patch(ROB.username, { password: 'rotated-password-2' });
      expect(res.status).toBe(200);
      await me(t, first.cookie).expect(401);
      await me(t, second.cookie).expect(401);
      await t
        .http()
        .get('/core/auth/me')
        .set('Authorization', basic(ROB.username, ROB.password))
        .expect(401);
      await attempt(t, ROB, '10.0.0.3').expect(401);
      ROB.password = 'rotated-password-2';
      await login(t, ROB, '10.0.0.3');
    });

    it('a new role ends every session', async () => {
      const { cookie } = await login(t, ROB, '10.0.0.1');
      expect((await patch(ROB.username, { role: 'viewer' })).body).toMatchObject({
        role: 'viewer',
      });
      await me(t, cookie).expect(401);
      const again = await login(t, ROB, '10.0.0.1');
      expect(again.me.role).toBe('viewer');
      await patch(ROB.username, { role: 'responder' });
    });

    it('disabling ends every session and refuses the right password; enabling lets it back in', async () => {
      const { cookie } = await login(t, ROB, '10.0.0.1');
      expect((await patch(ROB.username, { disabled: true })).body).toMatchObject({
        disabled: true,
      });
      await me(t, cookie).expect(401);
      const refused = await attempt(t, ROB, '10.0.0.1').expect(403);
      expect(refused.body.message).toMatch(/disabled/);
      await t
        .http()
        .get('/core/incidents')
        .set('Authorization', basic(ROB.username, ROB.password))
        .expect(403);
      await attempt(t, { ...ROB, password: 'wrong-password' }, '10.0.0.1').expect(401);
      await patch(ROB.username, { disabled: false });
      await login(t, ROB, '10.0.0.1');
    });

    it('an admin changing their own password keeps the session they did it from, and only that one', async () => {
      const here = await login(t, ADA, '10.0.0.1');
      const elsewhere = await login(t, ADA, '10.0.0.9');
      await t
        .http()
        .patch(`/core/accounts/${await idOf(ADA.username)}`)
        .set('Cookie', here.cookie)
        .set(CSRF_HEADER, here.me.csrf_token!)
        .send({ password: 'ada-rotated-password' })
        .expect(200);
      await me(t, here.cookie).expect(200);
      await me(t, elsewhere.cookie).expect(401);
    });
  });

  describe('client addresses', () => {
    it('are taken from X-Forwarded-For when the proxy is trusted', async () => {
      for (let i = 0; i < LOGIN_LIMITS.freeAttempts; i++)
        await attempt(t, { username: 'xff', password: 'wrong-password' }, '10.2.0.1').expect(401);
      await attempt(t, { username: 'xff', password: 'wrong-password' }, '10.2.0.1').expect(429);
      // Another client behind the same proxy is another address.
      await attempt(t, { username: 'xff', password: 'wrong-password' }, '10.2.0.2').expect(401);
      const keys: Array<{ key: string }> = await t.app
        .get(DataSource)
        .query(`SELECT key FROM login_throttle WHERE key LIKE 'ip:%' ORDER BY key`);
      expect(keys.map((k) => k.key)).toEqual(
        expect.arrayContaining(['ip:10.2.0.1', 'ip:10.2.0.2']),
      );
    });
  });

  describe('failed logins slow down a (username, address) pair', () => {
    const ATTACKER = '10.0.0.66';
    const wrong = { username: TARGET.username, password: 'guess' };

    it(`lets ${LOGIN_LIMITS.freeAttempts} failures through, then makes each attempt wait longer: 1 s, 2 s, 4 s`, async () => {
      for (let i = 0; i < LOGIN_LIMITS.freeAttempts; i++)
        await attempt(t, wrong, ATTACKER).expect(401);
      const first = await attempt(t, wrong, ATTACKER).expect(429);
      expect(first.headers['retry-after']).toBe('1');
      expect(first.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      // Waiting out the delay (refused attempts count nothing) allows one more try.
      expect(await attemptWhenAllowed(t, wrong, ATTACKER)).toBe(401);
      expect((await attempt(t, wrong, ATTACKER).expect(429)).headers['retry-after']).toBe('2');
      // Skip the 2 s wait: the delay is a time in the table.
      await t.app
        .get(DataSource)
        .query(`UPDATE login_throttle SET retry_at = now() WHERE key = $1`, [
          `pair:target|${ATTACKER}`,
        ]);
      await attempt(t, wrong, ATTACKER).expect(401);
      expect((await attempt(t, wrong, ATTACKER).expect(429)).headers['retry-after']).toBe('4');
    });

    it('never holds back the real user, with the right password, from another address', async () => {
      await login(t, TARGET, '10.0.0.7');
      // An API client with the right password, from its own address.
      await t
        .http()
        .get('/core/incidents')
        .set('X-Forwarded-For', '10.0.0.8')
        .set('Authorization', basic(TARGET.username, TARGET.password))
        .expect(200);
    });

    it(`caps a username at ${LOGIN_LIMITS.perUsername} failures in ${LOGIN_LIMITS.windowSeconds / 60} minutes, except where it logged in before; account:unlock clears it`, async () => {
      // A guessing run spread over many addresses has reached the username's cap.
      await t.app
        .get(DataSource)
        .query(`UPDATE login_throttle SET failures = $1 WHERE key = 'user:target'`, [
          LOGIN_LIMITS.perUsername,
        ]);
      const list = await t
        .http()
        .get('/core/accounts?username=target')
        .set('Authorization', basic(ADMIN.username, ADMIN.password))
        .expect(200);
      expect((list.body.results as AccountDto[])[0]).toMatchObject({ locked: true });
      // A new address is refused, even with the right password...
      const refused = await attempt(t, TARGET, '10.0.0.99').expect(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(60);
      // ...the addresses the account logged in from are not: the user and its API client go on.
      await login(t, TARGET, '10.0.0.7');
      await t
        .http()
        .get('/core/incidents')
        .set('X-Forwarded-For', '10.0.0.8')
        .set('Authorization', basic(TARGET.username, TARGET.password))
        .expect(200);

      // `npm run account:unlock target`, while the server runs.
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['libs/response/dist/auth/account-cli.js', 'unlock', 'target'],
        { cwd: REPO_ROOT, env: { PATH: process.env.PATH, DATABASE_URL: t.database.url } },
      );
      expect(stdout).toMatch(/"target" is unlocked/);
      await login(t, TARGET, '10.0.0.99');
      await login(t, TARGET, ATTACKER);
    });
  });
});

describe('without TRUST_PROXY, with SITE_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ redis: false, env: { SITE_URL: SITE } });
    await t.app.get(AccountsService).create({ ...SAM, role: 'responder' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('ignores X-Forwarded-For: the socket is the client', async () => {
    const wrong = { username: 'nobody-here', password: 'wrong-password' };
    for (let i = 0; i < LOGIN_LIMITS.freeAttempts; i++)
      await attempt(t, wrong, `10.1.0.${i + 1}`).expect(401);
    // A new X-Forwarded-For does not make a new client.
    await attempt(t, wrong, '10.1.0.200').expect(429);
    const keys: Array<{ key: string }> = await t.app
      .get(DataSource)
      .query(`SELECT key FROM login_throttle WHERE key LIKE 'ip:%'`);
    expect(keys.map((k) => k.key)).toEqual([expect.stringMatching(/^ip:(::ffff:)?127\.0\.0\.1$/)]);
  });

  it('takes the login as JSON only: 415 for a form or text', async () => {
    const form = await t
      .http()
      .post('/core/auth/login')
      .type('form')
      .send({ username: SAM.username, password: SAM.password })
      .expect(415);
    expect(form.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    expect(form.headers['set-cookie']).toBeUndefined();
    await t
      .http()
      .post('/core/auth/login')
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify(SAM))
      .expect(415);
    await t.http().post('/core/auth/login').expect(415);
  });

  it("refuses a login whose Origin is not SITE_URL's", async () => {
    for (const origin of ['https://evil.example', 'null', 'http://response.example.com']) {
      const res = await t
        .http()
        .post('/core/auth/login')
        .set('Origin', origin)
        .send(SAM)
        .expect(403);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    await t.http().post('/core/auth/login').set('Origin', SITE).send(SAM).expect(200);
    await t.http().post('/core/auth/login').send(SAM).expect(200);
  });

  it('builds next and previous from SITE_URL, never from Host or X-Forwarded-*', async () => {
    const auth = basic(ADMIN.username, ADMIN.password);
    for (const report of ['one', 'two', 'three'])
      await t
        .http()
        .post('/core/incidents')
        .set('Authorization', auth)
        .send({ report })
        .expect(201);
    const forged = (path: string) =>
      t
        .http()
        .get(path)
        .set('Authorization', auth)
        .set('Host', 'evil.example')
        .set('X-Forwarded-Host', 'evil.example')
        .set('X-Forwarded-Proto', 'http');
    const incidents = await forged('/core/incidents?limit=1&offset=1').expect(200);
    expect(incidents.body.next).toBe(`${SITE}/core/incidents?limit=1&offset=2`);
    expect(incidents.body.previous).toBe(`${SITE}/core/incidents?limit=1`);
    const users = await forged('/core/users?page_size=1').expect(200);
    expect(users.body.next).toBe(`${SITE}/core/users?page_size=1&page=2`);
    for (const path of ['/core/events?limit=1', '/core/docs-json', '/core/accounts?limit=1']) {
      const res = await forged(path).expect(200);
      expect(JSON.stringify(res.body)).not.toContain('evil.example');
    }
  });
});
