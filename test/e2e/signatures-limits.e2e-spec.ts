import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import {
  eventCallback,
  events,
  formBody,
  signedPost,
  slackEnv,
  slashCommand,
  type SlackBody,
} from '../support/slack.js';

/**
 * Limits and access on every route: Slack bodies over 1 MB are refused with
 * 413 before anything runs, and every /core route answers anonymous callers
 * with 401 and viewers with 403 on writes. The routes are read from the
 * running app's router, and checked against the OpenAPI document.
 */

const VIEWER = { username: 'victor', password: 'viewer-password-1' };
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

interface Route {
  method: string;
  path: string;
}

/** Routes that are meant to be open or that a viewer may call. */
const PUBLIC = new Set([
  'POST /core/auth/login',
  'GET /core/auth/methods',
  'GET /core/auth/oidc/login',
  'GET /core/auth/oidc/callback',
  'GET /core/docs-json',
  'GET /core/docs-yaml',
  // The first-start setup: 404 once an account exists.
  'GET /core/setup',
  'POST /core/setup',
]);
/** Server-Sent Events: they stay open, so the sweep leaves them to their own tests. */
const STREAMS = new Set(['GET /core/stream', 'GET /core/incidents/:id/stream']);
const VIEWER_WRITES = new Set(['POST /core/auth/logout']);
/** Reads only admins may make: they show the deployment's configuration. */
const ADMIN_READS = new Set([
  'GET /core/slack/check',
  'GET /core/webhooks',
  'GET /core/webhooks/events',
  'GET /core/webhooks/:id',
  'GET /core/webhooks/:id/deliveries',
  'GET /core/accounts',
  'GET /core/accounts/:id',
]);

/** Every route the Express router of the app serves under /core. */
function coreRoutes(t: TestApp): Route[] {
  const express = t.app.getHttpAdapter().getInstance() as {
    router: { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
  };
  const out: Route[] = [];
  for (const layer of express.router.stack) {
    const route = layer.route;
    const path = route?.path;
    // Leave out the catch-all that answers 401 before routing, and the Swagger UI assets.
    if (
      !route ||
      typeof path !== 'string' ||
      !path.startsWith('/core/') ||
      path.includes('*') ||
      path.startsWith('/core/docs')
    )
      continue;
    for (const [method, on] of Object.entries(route.methods)) {
      if (on && method !== '_all') out.push({ method: method.toUpperCase(), path });
    }
  }
  return out;
}

/** `/core/incidents/:id` with ids that exist, so a 403 is not hidden behind a 404. */
const fill = (path: string, id: number) =>
  path.replace(/:[A-Za-z]+/g, String(id)).replace(/\/bymonth\/\d+\/\d+/, '/bymonth/2026/1');

describe('limits and access', () => {
  let slack: FakeSlack;
  let t: TestApp;
  let routes: Route[];
  let id: number;

  beforeAll(async () => {
    slack = await startFakeSlack();
    t = await startTestApp({ env: slackEnv(slack.url) });
    await t.app.get(AccountsService).create({ ...VIEWER, role: 'viewer' });
    routes = coreRoutes(t);
    const res = await t
      .http()
      .post('/core/incidents')
      .set('Authorization', basic(ADMIN.username, ADMIN.password))
      .send({ report: 'Access check' })
      .expect(201);
    id = res.body.id as number;
    await t
      .http()
      .post(`/core/incidents/${id}/actions`)
      .set('Authorization', basic(ADMIN.username, ADMIN.password))
      .send({ details: 'a' })
      .expect(201);
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  describe('Slack bodies over 1 MB', () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    beforeAll(async () => {
      await slack.waitFor(
        () => slack.calls('chat.postMessage')[0],
        5000,
        'the headline of the incident made before',
      );
      slack.reset();
    });
    const bodies: [string, SlackBody][] = [
      ['/slack/slash_command', slashCommand({ text: big })],
      [
        '/slack/action',
        formBody({ payload: JSON.stringify({ type: 'block_actions', filler: big }) }),
      ],
      ['/slack/event', eventCallback(events.message({ channel: 'CBIG', text: big }))],
    ];
    it.each(bodies)(
      '%s answers 413 JSON, calls nothing and records nothing',
      async (path, body) => {
        const res = await signedPost(t.http, path, body);
        expect(res.status).toBe(413);
        expect(res.body).toMatchObject({ statusCode: 413, message: expect.any(String) });
        expect(slack.calls()).toEqual([]);
      },
    );

    it('a body just under 1 MB is still taken in', async () => {
      const res = await signedPost(
        t.http,
        '/slack/event',
        eventCallback(events.message({ channel: 'CBIG', text: 'y'.repeat(1024 * 1024 - 2000) })),
      );
      expect(res.status).toBe(200);
    });
  });

  describe('every /core route', () => {
    it('the router list is complete and matches the OpenAPI document', async () => {
      expect(routes.length).toBeGreaterThan(15);
      const doc = (await t.http().get('/core/docs-json').expect(200)).body as {
        paths: Record<string, Record<string, unknown>>;
      };
      const documented = new Set(
        Object.entries(doc.paths).flatMap(([path, ops]) =>
          Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
        ),
      );
      const served = new Set(routes.map((r) => `${r.method} ${r.path}`));
      // Every documented operation is served, and every served API route is documented.
      expect([...documented].filter((op) => op.includes(' /core') && !served.has(op))).toEqual([]);
      expect([...served].filter((op) => !documented.has(op) && !op.includes('/core/docs'))).toEqual(
        [],
      );
    });

    it('anonymous: 401 JSON on every route but login and the API docs', async () => {
      const open: string[] = [];
      for (const route of routes) {
        const key = `${route.method} ${route.path}`;
        if (PUBLIC.has(key) || route.path.startsWith('/core/docs')) continue;
        const res = await t
          .http()
          [route.method.toLowerCase() as 'get'](fill(route.path, id))
          .send({});
        if (res.status !== 401 || typeof res.body?.message !== 'string')
          open.push(`${key} → ${res.status}`);
      }
      expect(open).toEqual([]);
    });

    it('viewer: 403 JSON on every write and admin read, other reads allowed, and nothing changed', async () => {
      const wrong: string[] = [];
      const before = (
        await t
          .http()
          .get(`/core/incidents/${id}`)
          .set('Authorization', basic(ADMIN.username, ADMIN.password))
      ).body;
      for (const route of routes) {
        const key = `${route.method} ${route.path}`;
        if (
          PUBLIC.has(key) ||
          STREAMS.has(key) ||
          route.path.startsWith('/core/docs') ||
          VIEWER_WRITES.has(key)
        )
          continue;
        const res = await t
          .http()
          [route.method.toLowerCase() as 'get'](fill(route.path, id))
          .set('Authorization', basic(VIEWER.username, VIEWER.password))
          .send({ report: 'changed by a viewer', details: 'x' });
        if (ADMIN_READS.has(key)) {
          if (res.status !== 403 || typeof res.body?.message !== 'string')
            wrong.push(`${key} → ${res.status}`);
        } else if (route.method === 'GET') {
          if (res.status === 401 || res.status === 403 || res.status >= 500)
            wrong.push(`${key} → ${res.status}`);
        } else if (res.status !== 403 || typeof res.body?.message !== 'string')
          wrong.push(`${key} → ${res.status}`);
      }
      expect(wrong).toEqual([]);
      const after = (
        await t
          .http()
          .get(`/core/incidents/${id}`)
          .set('Authorization', basic(ADMIN.username, ADMIN.password))
      ).body;
      // `duration` counts the seconds of an open incident up to now, so it may have grown meanwhile.
      expect({ ...after, duration: undefined }).toEqual({ ...before, duration: undefined });
    });
  });
});
