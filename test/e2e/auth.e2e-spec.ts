import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CSRF_HEADER, SESSION_COOKIE, type MeDto } from '@response/contracts';
import type { INestApplication } from '@nestjs/common';
import type { Request, Response } from 'express';
import request from 'supertest';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { adminOnly } from '../../libs/response/src/auth/admin-only.middleware.js';
import { AuthService } from '../../libs/response/src/auth/auth.service.js';
import { createResponseApp } from '../../libs/response/src/create-response-app.js';
import { ResponseModule } from '../../libs/response/src/response.module.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

const VIEWER = { username: 'vera', password: 'viewer-password-1' };
const RESPONDER = { username: 'rob', password: 'responder-password-1' };

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

function sessionCookie(setCookie: string[] | string | undefined): string {
  const cookies = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const cookie = cookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`no ${SESSION_COOKIE} cookie in ${JSON.stringify(setCookie)}`);
  return cookie;
}

describe('auth', () => {
  let t: TestApp;
  let hasIncidents = false;

  beforeAll(async () => {
    t = await startTestApp();
    const accounts = t.app.get(AccountsService);
    await accounts.create({ ...VIEWER, role: 'viewer' });
    await accounts.create({ ...RESPONDER, role: 'responder' });
    const probe = await t
      .http()
      .get('/core/incidents')
      .set('Authorization', basic(ADMIN.username, ADMIN.password));
    hasIncidents = probe.status === 200;
  });
  afterAll(async () => {
    await t.close();
  });

  async function login(
    username: string,
    password: string,
  ): Promise<{ cookie: string; me: MeDto; setCookie: string }> {
    const res = await t.http().post('/core/auth/login').send({ username, password }).expect(200);
    const setCookie = sessionCookie(res.headers['set-cookie']);
    return { cookie: setCookie.split(';')[0]!, me: res.body as MeDto, setCookie };
  }

  describe('anonymous', () => {
    it('gets a JSON 401 under /core without a Basic challenge', async () => {
      const res = await t.http().get('/core/auth/me').expect(401);
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.any(String),
      });
      expect(res.headers['www-authenticate']).toBeUndefined();
    });

    it('is refused on writes too, and the trailing slash changes nothing', async () => {
      await t.http().post('/core/incidents').send({ report: 'x' }).expect(401);
      await t.http().get('/core/auth/me/').expect(401);
    });

    it('gets 401, not 404, for a /core path no route serves', async () => {
      await t.http().get('/core/no-such-thing').expect(401);
      await t.http().delete('/core').expect(401);
      await t
        .http()
        .get('/core/no-such-thing')
        .set('Authorization', basic(ADMIN.username, ADMIN.password))
        .expect(404);
    });

    it('may still use routes outside /core', async () => {
      await t.http().get('/healthz').expect(200);
    });
  });

  describe('HTTP Basic', () => {
    it('authenticates an account and needs no CSRF token', async () => {
      const res = await t
        .http()
        .get('/core/auth/me')
        .set('Authorization', basic(ADMIN.username, ADMIN.password))
        .expect(200);
      expect(res.body).toEqual({
        username: ADMIN.username,
        role: 'admin',
        user: null,
        csrf_token: null,
      });
    });

    it('answers a wrong password with 401 and a Basic challenge', async () => {
      const res = await t
        .http()
        .get('/core/auth/me')
        .set('Authorization', basic(ADMIN.username, 'wrong-password'))
        .expect(401);
      expect(res.body).toMatchObject({
        statusCode: 401,
        error: 'Unauthorized',
        message: 'Invalid username or password',
      });
      expect(res.headers['www-authenticate']).toMatch(/^Basic realm="Response"/);
    });

    it('answers an unknown username exactly like a wrong password', async () => {
      const res = await t
        .http()
        .get('/core/auth/me')
        .set('Authorization', basic('nobody', 'wrong-password'))
        .expect(401);
      expect(res.body.message).toBe('Invalid username or password');
    });

    it('refuses malformed credentials and other schemes with 401', async () => {
      await t.http().get('/core/auth/me').set('Authorization', 'Basic !!!').expect(401);
      await t
        .http()
        .get('/core/auth/me')
        .set('Authorization', `Basic ${Buffer.from('no-colon').toString('base64')}`)
        .expect(401);
      const res = await t
        .http()
        .get('/core/auth/me')
        .set('Authorization', 'Bearer abc')
        .expect(401);
      expect(res.headers['www-authenticate']).toBeUndefined();
    });

    it('lets a viewer log out but not write', async () => {
      await t
        .http()
        .post('/core/auth/logout')
        .set('Authorization', basic(VIEWER.username, VIEWER.password))
        .expect(204);
      const res = await t
        .http()
        .get('/core/auth/me')
        .set('Authorization', basic(VIEWER.username, VIEWER.password))
        .expect(200);
      expect(res.body.role).toBe('viewer');
    });
  });

  describe('cookie session', () => {
    it('login sets an HttpOnly, SameSite=Lax session cookie for 14 days and returns the CSRF token', async () => {
      const { me, setCookie } = await login(RESPONDER.username, RESPONDER.password);
      expect(me).toEqual({
        username: RESPONDER.username,
        role: 'responder',
        user: null,
        csrf_token: expect.any(String),
      });
      expect(me.csrf_token!.length).toBeGreaterThanOrEqual(32);
      expect(setCookie).toMatch(/; HttpOnly/i);
      expect(setCookie).toMatch(/; SameSite=Lax/i);
      expect(setCookie).toMatch(/; Path=\//);
      expect(setCookie).not.toMatch(/; Secure/i);
      const expires = new Date(/Expires=([^;]+)/i.exec(setCookie)![1]!).getTime();
      const days = (expires - Date.now()) / 86_400_000;
      expect(days).toBeGreaterThan(13.9);
      expect(days).toBeLessThanOrEqual(14);
    });

    it('stores only a hash of the session token', async () => {
      const { cookie } = await login(RESPONDER.username, RESPONDER.password);
      const token = decodeURIComponent(cookie.split('=')[1]!);
      const ds = t.app.get((await import('typeorm')).DataSource);
      const rows: Array<{ token_hash: string }> = await ds.query(
        'SELECT token_hash FROM account_session',
      );
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.some((r) => r.token_hash === token)).toBe(false);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
    });

    it('authenticates GETs with the cookie and shows the same CSRF token', async () => {
      const { cookie, me } = await login(RESPONDER.username, RESPONDER.password);
      const res = await t.http().get('/core/auth/me').set('Cookie', cookie).expect(200);
      expect(res.body).toEqual(me);
    });

    it('needs the CSRF header on unsafe requests, then logs out', async () => {
      const { cookie, me } = await login(RESPONDER.username, RESPONDER.password);
      const missing = await t.http().post('/core/auth/logout').set('Cookie', cookie).expect(403);
      expect(missing.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect(missing.body.message).toMatch(/csrf/i);
      await t
        .http()
        .post('/core/auth/logout')
        .set('Cookie', cookie)
        .set(CSRF_HEADER, 'not-the-token')
        .expect(403);
      await t.http().get('/core/auth/me').set('Cookie', cookie).expect(200);

      const res = await t
        .http()
        .post('/core/auth/logout')
        .set('Cookie', cookie)
        .set(CSRF_HEADER, me.csrf_token!)
        .expect(204);
      expect(sessionCookie(res.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=;`));
      await t.http().get('/core/auth/me').set('Cookie', cookie).expect(401);
    });

    it('treats an unknown or garbage cookie as no credentials', async () => {
      await t
        .http()
        .get('/core/auth/me')
        .set('Cookie', `${SESSION_COOKIE}=${'a'.repeat(43)}`)
        .expect(401);
      await t.http().get('/core/auth/me').set('Cookie', `${SESSION_COOKIE}=%00%ff`).expect(401);
    });

    it('answers a wrong password and an unknown username alike', async () => {
      const wrong = await t
        .http()
        .post('/core/auth/login')
        .send({ username: RESPONDER.username, password: 'nope' })
        .expect(401);
      const unknown = await t
        .http()
        .post('/core/auth/login')
        .send({ username: 'ghost', password: 'nope' })
        .expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.headers['set-cookie']).toBeUndefined();
      expect(wrong.headers['www-authenticate']).toBeUndefined();
    });

    it('validates the login body', async () => {
      const res = await t.http().post('/core/auth/login').send({ username: 'x' }).expect(400);
      expect(res.body.errors).toMatchObject({ password: expect.any(String) });
      const wrongType = await t
        .http()
        .post('/core/auth/login')
        .send({ username: 1, password: ['a'] })
        .expect(400);
      expect(Object.keys(wrongType.body.errors).sort()).toEqual(['password', 'username']);
      await t
        .http()
        .post('/core/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"username":')
        .expect(400);
    });
  });

  describe('roles on /core writes', () => {
    it('refuses a viewer with 403 and lets a responder declare an incident (cookie + CSRF)', async () => {
      if (!hasIncidents) {
        console.warn('POST /core/incidents is not served yet: skipping the incident write checks');
        return;
      }
      const denied = await t
        .http()
        .post('/core/incidents')
        .set('Authorization', basic(VIEWER.username, VIEWER.password))
        .send({ report: 'viewer tries' })
        .expect(403);
      expect(denied.body.message).toMatch(/read-only/);

      const viewer = await login(VIEWER.username, VIEWER.password);
      await t
        .http()
        .post('/core/incidents')
        .set('Cookie', viewer.cookie)
        .set(CSRF_HEADER, viewer.me.csrf_token!)
        .send({ report: 'viewer tries' })
        .expect(403);

      const responder = await login(RESPONDER.username, RESPONDER.password);
      await t
        .http()
        .post('/core/incidents')
        .set('Cookie', responder.cookie)
        .send({ report: 'no csrf' })
        .expect(403);
      const created = await t
        .http()
        .post('/core/incidents')
        .set('Cookie', responder.cookie)
        .set(CSRF_HEADER, responder.me.csrf_token!)
        .send({ report: 'Database on fire' })
        .expect(201);
      expect(created.body.report).toBe('Database on fire');

      await t
        .http()
        .post('/core/incidents')
        .set('Authorization', basic(RESPONDER.username, RESPONDER.password))
        .send({ report: 'Basic needs no CSRF' })
        .expect(201);
      const list = await t
        .http()
        .get('/core/incidents')
        .set('Authorization', basic(VIEWER.username, VIEWER.password))
        .expect(200);
      expect(list.body.count).toBe(2);
    });
  });

  describe('routes outside /core', () => {
    it('see the caller when credentials are sent, so /metrics admits admins only', async () => {
      await t
        .http()
        .get('/metrics')
        .set('Authorization', basic(ADMIN.username, ADMIN.password))
        .expect(200);
      await t
        .http()
        .get('/metrics')
        .set('Authorization', basic(RESPONDER.username, RESPONDER.password))
        .expect(403);
      await t
        .http()
        .get('/metrics')
        .set('Authorization', basic(ADMIN.username, 'wrong'))
        .expect(401);
      const { cookie } = await login(ADMIN.username, ADMIN.password);
      await t.http().get('/metrics').set('Cookie', cookie).expect(200);
    });
  });

  describe('OpenAPI', () => {
    it('serves Swagger UI at /core/docs without auth, from local assets only', async () => {
      const page = await t.http().get('/core/docs').redirects(1).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('swagger-ui-bundle.js');
      const external = [...page.text.matchAll(/(?:src|href)=['"](https?:)?\/\//g)];
      expect(external).toEqual([]);
      for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-init.js', 'swagger-ui.css']) {
        await t.http().get(`/core/docs/${asset}`).expect(200);
      }
    });

    it('serves the OpenAPI document at /core/docs-json', async () => {
      const res = await t.http().get('/core/docs-json').expect(200);
      expect(res.body.openapi).toMatch(/^3\./);
      expect(Object.keys(res.body.paths)).toEqual(
        expect.arrayContaining(['/core/auth/login', '/core/auth/me']),
      );
      expect(Object.keys(res.body.paths).filter((p) => p.startsWith('/slack'))).toEqual([]);
      expect(Object.keys(res.body.components.securitySchemes).sort()).toEqual(['basic', 'session']);
    });
  });
});

describe('admin bootstrap', () => {
  it('creates the admin, and updates its password and role on restart', async () => {
    const first = await startTestApp({ redis: false, env: { SECURE_COOKIES: 'true' } });
    const database = first.database;
    try {
      await first
        .http()
        .get('/core/auth/me')
        .set('Authorization', basic(ADMIN.username, ADMIN.password))
        .expect(200);
      const res = await first.http().post('/core/auth/login').send(ADMIN).expect(200);
      expect(sessionCookie(res.headers['set-cookie'])).toMatch(/; Secure/i);
      const accounts = first.app.get(AccountsService);
      const admin = await accounts.findByUsername(ADMIN.username);
      // The last admin cannot be demoted: another one takes over first.
      await accounts.create({ username: 'deputy', password: 'deputy-password-1', role: 'admin' });
      await accounts.setRole(admin!.id, 'viewer');
      await first.app.close();

      const second = await startTestApp({
        redis: false,
        database,
        env: { ADMIN_PASSWORD: 'rotated-password-2' },
      });
      try {
        await second
          .http()
          .get('/core/auth/me')
          .set('Authorization', basic(ADMIN.username, ADMIN.password))
          .expect(401);
        const me = await second
          .http()
          .get('/core/auth/me')
          .set('Authorization', basic(ADMIN.username, 'rotated-password-2'))
          .expect(200);
        expect(me.body.role).toBe('admin');
      } finally {
        await second.app.close();
      }
    } finally {
      await database.drop();
    }
  });
});

describe('adminOnly() for Express middleware', () => {
  let app: INestApplication;
  let database: TestDatabase;
  let http: () => ReturnType<typeof request>;
  beforeAll(async () => {
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'silent',
    };
    app = await createResponseApp(ResponseModule.forRoot({ env }), { exitOnError: false });
    // Mounted the way the queue dashboard is: plain Express, before Nest's routes.
    app.use('/admin-probe', adminOnly(app.get(AuthService)), (_req: Request, res: Response) => {
      res.json({ ok: true });
    });
    await app.listen(0, '127.0.0.1');
    await app.get(AccountsService).create({ ...RESPONDER, role: 'responder' });
    http = () => request(app.getHttpServer());
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('admits admins by Basic or cookie, and answers others in JSON', async () => {
    const anonymous = await http().get('/admin-probe').expect(401);
    expect(anonymous.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    await http()
      .get('/admin-probe')
      .set('Authorization', basic(ADMIN.username, 'wrong'))
      .expect(401);
    const responder = await http()
      .get('/admin-probe')
      .set('Authorization', basic(RESPONDER.username, RESPONDER.password))
      .expect(403);
    expect(responder.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
    await http()
      .get('/admin-probe')
      .set('Authorization', basic(ADMIN.username, ADMIN.password))
      .expect(200, { ok: true });
    const login = await http().post('/core/auth/login').send(ADMIN).expect(200);
    const cookie = sessionCookie(login.headers['set-cookie']).split(';')[0]!;
    await http().get('/admin-probe').set('Cookie', cookie).expect(200, { ok: true });
    await http().post('/admin-probe').set('Cookie', cookie).expect(403);
  });
});
