import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EventDto, IncidentDto, Paginated } from '@response/contracts';
import pg from 'pg';
import { AccountsService } from '../../server/src/auth/accounts.service.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

/**
 * Private incidents are seen by admins and by the people who take part in
 * them (reporter, lead, action owner, active in the comms channel), and
 * never appear in /core/events.
 */

const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'eve'] as const;
type Person = (typeof PEOPLE)[number];
const PASSWORD = 'private-password-1';
const slackId = (person: Person) => `U0${person.toUpperCase()}`;

function basic(username: string, password = PASSWORD): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
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
  const get = (who: string, path: string) => t.http().get(path).set('Authorization', who === 'admin' ? basic(ADMIN.username, ADMIN.password) : basic(who));
  const asAdmin = {
    post: (path: string, body: object) => t.http().post(path).set('Authorization', basic(ADMIN.username, ADMIN.password)).send(body),
  };

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
      ((await asAdmin.post('/core/incidents', { report, ...extra }).expect(201)).body as IncidentDto).id;
    ids.open = await declare('Public incident', { reporter: { external_id: slackId('eve') } });
    ids.reported = await declare('Reported by alice', { private: true, reporter: { external_id: slackId('alice') } });
    ids.led = await declare('Led by bob', { private: true, lead: { external_id: slackId('bob') } });
    ids.owned = await declare('Action for carol', { private: true });
    await asAdmin.post(`/core/incidents/${ids.owned}/actions`, { details: 'Check the logs', user: { external_id: slackId('carol') } }).expect(201);
    ids.chatted = await declare('Dave talks in the channel', { private: true });
    await db.query(`INSERT INTO user_stats (incident_id, user_id, join_time, message_count) VALUES ($1, $2, now(), 3)`, [ids.chatted, userIds.get('dave')]);
    ids.nobody = await declare('Nobody but admins', { private: true, lead: { external_id: slackId('eve') }, reporter: null });
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

  it.each(Object.entries(visible))('%s sees only the incidents they may see, in the list and by month', async (who, names) => {
    const expected = names.map((name) => ids[name]).sort((a, b) => a - b);
    const list = (await get(who, '/core/incidents?limit=100').expect(200)).body as Paginated<IncidentDto>;
    expect(list.results.map((i) => i.id).sort((a, b) => a - b)).toEqual(expected);
    expect(list.count).toBe(expected.length);
    const now = new Date();
    const month = (await get(who, `/core/incidents/bymonth/${now.getUTCFullYear()}/${now.getUTCMonth() + 1}`).expect(200)).body as Paginated<IncidentDto>;
    expect(month.results.map((i) => i.id).sort((a, b) => a - b)).toEqual(expected);
    expect(month.count).toBe(expected.length);
  });

  it.each(Object.entries(visible))('%s gets 404 for a private incident they may not see, and 200 for the others', async (who, names) => {
    for (const [name, id] of Object.entries(ids)) {
      const res = await get(who, `/core/incidents/${id}`);
      if (names.includes(name as keyof typeof ids)) expect(res.status).toBe(200);
      else {
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ statusCode: 404, message: expect.any(String) });
      }
    }
  });

  it('a private incident never appears in /core/events, even for admins', async () => {
    const events = (await get('admin', '/core/events').expect(200)).body as Paginated<EventDto>;
    const text = JSON.stringify(events.results);
    expect(events.results.length).toBeGreaterThan(0); // the public incident was logged
    expect(text).toContain('Public incident');
    for (const report of ['Reported by alice', 'Led by bob', 'Action for carol', 'Check the logs', 'Dave talks', 'Nobody but admins']) {
      expect(text).not.toContain(report);
    }
    const mentioned = events.results.map((e) => JSON.stringify(e.payload));
    for (const name of ['reported', 'led', 'owned', 'chatted', 'nobody'] as const) {
      expect(mentioned.filter((payload) => new RegExp(`"(incident|incident_id|id)":${ids[name]}[,}]`).test(payload))).toEqual([]);
    }
  });
});
