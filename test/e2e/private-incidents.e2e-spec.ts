import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  ActionDto,
  ChangeLogEntryDto,
  IncidentDto,
  Paginated,
  TimelineEntryDto,
} from '@response/contracts';
import pg from 'pg';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

/**
 * Private incidents are seen by admins and by the people who take part in
 * them (reporter, lead, action owner, active in the comms channel), and
 * never appear in /core/events. To anyone else, every route that touches one
 * (its actions, timeline, participants, report) answers as for a missing
 * incident, and lists leave its actions out.
 */

const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'eve'] as const;
type Person = (typeof PEOPLE)[number];
const PASSWORD = 'private-password-1';
const slackId = (person: Person) => `U0${person.toUpperCase()}`;

function basic(username: string, password = PASSWORD): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** What one route touches: an incident, two of its actions and a timeline entry. */
interface Refs {
  incident: number;
  action: number;
  spareAction: number;
  event: number;
}

interface Route {
  method: Method;
  path: (r: Refs) => string;
  body?: (r: Refs) => object;
  /** The status when the caller may see the incident. */
  ok: number;
}

const timelinePath = (r: Refs) => `/core/incidents/${r.incident}/timeline/events`;

/** Every route that names a private incident, directly or through one of its actions; deletes last. */
const ROUTES: Route[] = [
  { method: 'get', path: (r) => `/core/incidents/${r.incident}`, ok: 200 },
  {
    method: 'put',
    path: (r) => `/core/incidents/${r.incident}`,
    body: () => ({ report: 'Same report', summary: 'put' }),
    ok: 200,
  },
  {
    method: 'patch',
    path: (r) => `/core/incidents/${r.incident}`,
    body: () => ({ impact: 'patched' }),
    ok: 200,
  },
  { method: 'get', path: (r) => `/core/incidents/${r.incident}/participants`, ok: 200 },
  { method: 'get', path: (r) => `/core/incidents/${r.incident}/report.md`, ok: 200 },
  { method: 'get', path: (r) => `/core/incidents/${r.incident}/actions`, ok: 200 },
  {
    method: 'post',
    path: (r) => `/core/incidents/${r.incident}/actions`,
    body: () => ({ details: 'Nested action' }),
    ok: 201,
  },
  { method: 'get', path: (r) => `/core/incidents/${r.incident}/actions/${r.action}`, ok: 200 },
  {
    method: 'put',
    path: (r) => `/core/incidents/${r.incident}/actions/${r.action}`,
    body: () => ({ details: 'Put' }),
    ok: 200,
  },
  {
    method: 'patch',
    path: (r) => `/core/incidents/${r.incident}/actions/${r.action}`,
    body: () => ({ done: true }),
    ok: 200,
  },
  { method: 'get', path: timelinePath, ok: 200 },
  {
    method: 'post',
    path: timelinePath,
    body: () => ({ timestamp: '2024-05-01T12:00:00Z', text: 'Entry' }),
    ok: 201,
  },
  { method: 'get', path: (r) => `${timelinePath(r)}/${r.event}`, ok: 200 },
  {
    method: 'put',
    path: (r) => `${timelinePath(r)}/${r.event}`,
    body: () => ({ timestamp: '2024-05-02T12:00:00Z', text: 'Put' }),
    ok: 200,
  },
  {
    method: 'patch',
    path: (r) => `${timelinePath(r)}/${r.event}`,
    body: () => ({ text: 'Patched' }),
    ok: 200,
  },
  {
    method: 'post',
    path: () => '/core/actions',
    body: (r) => ({ incident: r.incident, details: 'Top-level action' }),
    ok: 201,
  },
  { method: 'get', path: (r) => `/core/actions/${r.spareAction}`, ok: 200 },
  {
    method: 'put',
    path: (r) => `/core/actions/${r.spareAction}`,
    body: () => ({ details: 'Put' }),
    ok: 200,
  },
  {
    method: 'patch',
    path: (r) => `/core/actions/${r.spareAction}`,
    body: () => ({ done: true }),
    ok: 200,
  },
  { method: 'delete', path: (r) => `${timelinePath(r)}/${r.event}`, ok: 204 },
  { method: 'delete', path: (r) => `/core/incidents/${r.incident}/actions/${r.action}`, ok: 204 },
  { method: 'delete', path: (r) => `/core/actions/${r.spareAction}`, ok: 204 },
];

const MISSING: Refs = { incident: 999999, action: 999999, spareAction: 999999, event: 999999 };

/** An error body with the ids left out of its message, to compare a hidden resource with a missing one. */
function withoutId(body: unknown): unknown {
  const error = body as { message?: unknown };
  return {
    ...error,
    message: typeof error.message === 'string' ? error.message.replace(/\d+/g, 'N') : error.message,
  };
}

describe('private incidents', () => {
  let t: TestApp;
  let db: pg.Client;
  const ids: Record<'open' | 'reported' | 'led' | 'owned' | 'chatted' | 'nobody', number> = {
    open: 0,
    reported: 0,
    led: 0,
    owned: 0,
    chatted: 0,
    nobody: 0,
  };
  const get = (who: string, path: string) =>
    t
      .http()
      .get(path)
      .set('Authorization', who === 'admin' ? basic(ADMIN.username, ADMIN.password) : basic(who));
  const asAdmin = {
    post: (path: string, body: object) =>
      t.http().post(path).set('Authorization', basic(ADMIN.username, ADMIN.password)).send(body),
  };
  const call = (who: string, method: Method, path: string, body?: object) => {
    const http = t.http();
    const req = http[method](path).set(
      'Authorization',
      who === 'admin' ? basic(ADMIN.username, ADMIN.password) : basic(who),
    );
    return body === undefined ? req : req.send(body);
  };
  /** Two actions without an owner and a timeline entry, added by an admin. */
  const seed = async (incident: number): Promise<Refs> => {
    const action = async () =>
      (
        (
          await asAdmin
            .post(`/core/incidents/${incident}/actions`, { details: 'Seeded', user: null })
            .expect(201)
        ).body as ActionDto
      ).id;
    const entry = await asAdmin
      .post(`/core/incidents/${incident}/timeline/events`, {
        timestamp: '2024-05-01T10:00:00Z',
        text: 'Seeded',
      })
      .expect(201);
    return {
      incident,
      action: await action(),
      spareAction: await action(),
      event: (entry.body as TimelineEntryDto).id,
    };
  };
  /** What an admin sees of an incident (bar its running duration): to check that refused writes changed nothing. */
  const snapshot = async (incident: number) => ({
    incident: {
      ...((await get('admin', `/core/incidents/${incident}`).expect(200)).body as IncidentDto),
      duration: null,
    },
    actions: (await get('admin', `/core/incidents/${incident}/actions?limit=100`).expect(200))
      .body as Paginated<ActionDto>,
    timeline: (
      await get('admin', `/core/incidents/${incident}/timeline/events?limit=100`).expect(200)
    ).body as Paginated<TimelineEntryDto>,
  });

  beforeAll(async () => {
    t = await startTestApp();
    db = new pg.Client({ connectionString: t.database.url });
    await db.connect();
    const accounts = t.app.get(AccountsService);
    const userIds = new Map<Person, number>();
    for (const [n, person] of PEOPLE.entries()) {
      const { rows } = await db.query<{ id: number }>(
        `INSERT INTO external_user (app_id, external_id, display_name, full_name, deleted) VALUES ('slack', $1, $2, $2, false) RETURNING id`,
        [slackId(person), person],
      );
      userIds.set(person, rows[0].id);
      // eve has no linked user; the others are viewers and responders in turn.
      await accounts.create({
        username: person,
        password: PASSWORD,
        role: n % 2 === 0 ? 'viewer' : 'responder',
        externalUserId: person === 'eve' ? null : rows[0].id,
      });
    }
    const declare = async (report: string, extra: object) =>
      (
        (await asAdmin.post('/core/incidents', { report, ...extra }).expect(201))
          .body as IncidentDto
      ).id;
    ids.open = await declare('Public incident', { reporter: { external_id: slackId('eve') } });
    ids.reported = await declare('Reported by alice', {
      private: true,
      reporter: { external_id: slackId('alice') },
    });
    ids.led = await declare('Led by bob', { private: true, lead: { external_id: slackId('bob') } });
    ids.owned = await declare('Action for carol', { private: true });
    await asAdmin
      .post(`/core/incidents/${ids.owned}/actions`, {
        details: 'Check the logs',
        user: { external_id: slackId('carol') },
      })
      .expect(201);
    ids.chatted = await declare('Dave talks in the channel', { private: true });
    await db.query(
      `INSERT INTO user_stats (incident_id, user_id, join_time, message_count) VALUES ($1, $2, now(), 3)`,
      [ids.chatted, userIds.get('dave')],
    );
    ids.nobody = await declare('Nobody but admins', {
      private: true,
      lead: { external_id: slackId('eve') },
      reporter: null,
    });
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const visible: Record<Person | 'admin', (keyof typeof ids)[]> = {
    admin: ['open', 'reported', 'led', 'owned', 'chatted', 'nobody'],
    alice: ['open', 'reported'],
    bob: ['open', 'led'],
    carol: ['open', 'owned'],
    dave: ['open', 'chatted'],
    // eve leads "nobody" in Slack, but her account is not linked to her Slack user.
    eve: ['open'],
  };

  it.each(Object.entries(visible))(
    '%s sees only the incidents they may see, in the list and by month',
    async (who, names) => {
      const expected = names.map((name) => ids[name]).sort((a, b) => a - b);
      const list = (await get(who, '/core/incidents?limit=100').expect(200))
        .body as Paginated<IncidentDto>;
      expect(list.results.map((i) => i.id).sort((a, b) => a - b)).toEqual(expected);
      expect(list.count).toBe(expected.length);
      const now = new Date();
      const month = (
        await get(
          who,
          `/core/incidents/bymonth/${now.getUTCFullYear()}/${now.getUTCMonth() + 1}`,
        ).expect(200)
      ).body as Paginated<IncidentDto>;
      expect(month.results.map((i) => i.id).sort((a, b) => a - b)).toEqual(expected);
      expect(month.count).toBe(expected.length);
    },
  );

  it.each(Object.entries(visible))(
    '%s gets 404 for a private incident they may not see, and 200 for the others',
    async (who, names) => {
      for (const [name, id] of Object.entries(ids)) {
        const res = await get(who, `/core/incidents/${id}`);
        if (names.includes(name as keyof typeof ids)) expect(res.status).toBe(200);
        else {
          expect(res.status).toBe(404);
          expect(res.body).toMatchObject({ statusCode: 404, message: expect.any(String) });
        }
      }
    },
  );

  it('a private incident never appears in /core/events, even for admins', async () => {
    const events = (await get('admin', '/core/events').expect(200))
      .body as Paginated<ChangeLogEntryDto>;
    const text = JSON.stringify(events.results);
    expect(events.results.length).toBeGreaterThan(0); // the public incident was logged
    expect(text).toContain('Public incident');
    for (const report of [
      'Reported by alice',
      'Led by bob',
      'Action for carol',
      'Check the logs',
      'Dave talks',
      'Nobody but admins',
    ]) {
      expect(text).not.toContain(report);
    }
    const mentioned = events.results.map((e) => JSON.stringify(e.payload));
    for (const name of ['reported', 'led', 'owned', 'chatted', 'nobody'] as const) {
      expect(
        mentioned.filter((payload) =>
          new RegExp(`"(incident|incident_id|id)":${ids[name]}[,}]`).test(payload),
        ),
      ).toEqual([]);
    }
  });

  describe('every route under a private incident', () => {
    it('answers a responder who does not take part exactly as for a missing incident, and changes nothing', async () => {
      // bob is a responder, but has no part in "nobody".
      const refs = await seed(ids.nobody);
      const before = await snapshot(ids.nobody);
      for (const route of ROUTES) {
        const label = `${route.method.toUpperCase()} ${route.path(refs)}`;
        const hidden = await call('bob', route.method, route.path(refs), route.body?.(refs));
        const missing = await call('bob', route.method, route.path(MISSING), route.body?.(MISSING));
        expect({ label, status: hidden.status }).toEqual({ label, status: 404 });
        expect(missing.status).toBe(404);
        expect(hidden.headers['content-type']).toMatch(/application\/json/);
        expect({ label, body: withoutId(hidden.body) }).toEqual({
          label,
          body: withoutId(missing.body),
        });
      }
      expect(await snapshot(ids.nobody)).toEqual(before);
    });

    it('answers the same for a hidden incident as for a missing one when the body is invalid too', async () => {
      const bad: [Method, (id: number) => string, (id: number) => object][] = [
        ['patch', (id) => `/core/incidents/${id}`, () => ({ severity: 'nine' })],
        ['put', (id) => `/core/incidents/${id}`, () => ({})],
        ['post', (id) => `/core/incidents/${id}/actions`, () => ({})],
        ['post', (id) => `/core/incidents/${id}/timeline/events`, () => ({ text: 7 })],
        ['post', () => '/core/actions', (id) => ({ incident: id })],
      ];
      for (const [method, path, body] of bad) {
        const hidden = await call('bob', method, path(ids.nobody), body(ids.nobody));
        const missing = await call('bob', method, path(MISSING.incident), body(MISSING.incident));
        const label = `${method.toUpperCase()} ${path(ids.nobody)}`;
        expect({ label, status: hidden.status, body: withoutId(hidden.body) }).toEqual({
          label,
          status: missing.status,
          body: withoutId(missing.body),
        });
      }
    });

    it.each([
      ['a responder who leads it', 'bob', 'led'],
      ['an admin', 'admin', 'nobody'],
    ] as const)('works for %s', async (_label, who, name) => {
      const refs = await seed(ids[name]);
      for (const route of ROUTES) {
        const label = `${route.method.toUpperCase()} ${route.path(refs)}`;
        const res = await call(who, route.method, route.path(refs), route.body?.(refs));
        expect({ label, status: res.status }).toEqual({ label, status: route.ok });
      }
    });

    it('lets a viewer who owns an action read everything under the incident', async () => {
      const refs = await seed(ids.owned);
      for (const route of ROUTES.filter((r) => r.method === 'get')) {
        const label = route.path(refs);
        expect({ label, status: (await get('carol', label)).status }).toEqual({
          label,
          status: 200,
        });
      }
    });
  });

  it.each(Object.entries(visible))(
    '%s finds in /core/actions only the actions of incidents they may see',
    async (who, names) => {
      const { rows } = await db.query<{ id: number; incident_id: number }>(
        'SELECT id, incident_id FROM action ORDER BY id',
      );
      const allowed = new Set(names.map((name) => ids[name]));
      const expected = rows.filter((r) => allowed.has(r.incident_id)).map((r) => r.id);
      if (who !== 'admin') expect(rows.length).toBeGreaterThan(expected.length);
      const seen: number[] = [];
      let count = 0;
      let offset = 0;
      do {
        const page = (await get(who, `/core/actions?limit=10&offset=${offset}`).expect(200))
          .body as Paginated<ActionDto>;
        count = page.count;
        seen.push(...page.results.map((a) => a.id));
        offset += 10;
      } while (offset < count);
      expect(seen).toEqual(expected);
      expect(count).toBe(expected.length);
    },
  );
});
