import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChangeLogEntryDto, UserDto } from '@response/contracts';
import { dataSource, seedSlackUsers } from '../factories/core.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';

describe('/core/users', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;

  beforeAll(async () => {
    t = await startTestApp();
    api = coreApi(t);
    await seedSlackUsers(
      t,
      Array.from({ length: 12 }, (_, i) => ({
        external_id: `U${i + 1}`,
        display_name: `user${i + 1}`,
        email: `u${i + 1}@example.com`,
      })),
    );
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists users in a page-number envelope (default page size 500)', async () => {
    const res = await api.get('/core/users').expect(200);
    // The 12 Slack users, and the admin account's web user, there from its creation.
    expect(res.body).toMatchObject({ count: 13, next: null, previous: null });
    expect(res.body.results[0]).toMatchObject({ app_id: 'web', external_id: 'admin' });
    expect(res.body.results[1]).toEqual({
      app_id: 'slack',
      external_id: 'U1',
      display_name: 'user1',
      full_name: 'U1 Full',
      email: 'u1@example.com',
      deleted: false,
    } satisfies UserDto);
  });

  it('pages with ?page=&page_size=', async () => {
    const first = await api.get('/core/users/?page_size=5').expect(200);
    expect(first.body.results).toHaveLength(5);
    expect(first.body.next).toBe(`${t.url}/core/users/?page_size=5&page=2`);
    const second = await api.get('/core/users?page_size=5&page=2').expect(200);
    expect(second.body.previous).toBe(`${t.url}/core/users?page_size=5`);
    expect(second.body.next).toBe(`${t.url}/core/users?page_size=5&page=3`);
    const third = await api.get('/core/users?page_size=5&page=3').expect(200);
    expect(third.body.results).toHaveLength(3);
    expect(third.body.next).toBeNull();
    await api.get('/core/users?page_size=5&page=4').expect(404);
  });

  it('cuts a page size above 1000 and rejects a bad page number', async () => {
    const cut = await api.get('/core/users?page_size=5000').expect(200);
    expect(cut.body.results.length).toBe(cut.body.count);
    expect((await api.get('/core/users?page_size=abc').expect(200)).body.count).toBe(
      cut.body.count,
    );
    expect((await api.get('/core/users?page=0').expect(400)).body.errors).toHaveProperty('page');
    expect((await api.get('/core/users?page=x').expect(400)).body.errors).toHaveProperty('page');
  });

  it('needs authentication', async () => {
    await t.http().get('/core/users').expect(401);
  });
});

describe('/core/events', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;

  beforeAll(async () => {
    t = await startTestApp();
    api = coreApi(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists the last 24 hours by default, oldest first', async () => {
    const incident = (await api.post('/core/incidents', { report: 'Evented' }).expect(201)).body;
    await api.post(`/core/incidents/${incident.id}/actions`, { details: 'act' }).expect(201);
    await dataSource(t).query(
      `INSERT INTO event (timestamp, event_type, payload) VALUES (now() - interval '3 days', 'incident_event', '{"id": 0}')`,
    );
    const res = await api.get('/core/events').expect(200);
    expect(res.body).toMatchObject({ count: 2, next: null, previous: null });
    expect(res.body.results.map((e: ChangeLogEntryDto) => e.event_type)).toEqual([
      'incident_event',
      'action_event',
    ]);
    expect(Object.keys(res.body.results[0]).sort()).toEqual([
      'event_type',
      'id',
      'payload',
      'timestamp',
    ]);
    expect(res.body.results[0].payload).toMatchObject({ id: incident.id, report: 'Evented' });
    expect(res.body.results[1].payload).toMatchObject({ incident_id: incident.id, details: 'act' });
    await api.get('/core/events/').expect(200);
  });

  it('filters by ?from=&to=', async () => {
    const from = new Date(Date.now() - 5 * 86_400_000).toISOString();
    const to = new Date(Date.now() - 2 * 86_400_000).toISOString();
    const res = await api
      .get(`/core/events?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
      .expect(200);
    expect(res.body.count).toBe(1);
    expect(res.body.results[0].payload).toEqual({ id: 0 });
    const all = await api.get(`/core/events?from=${encodeURIComponent(from)}`).expect(200);
    expect(all.body.count).toBe(3);
    // Empty parameters mean the default window of the last 24 hours.
    expect((await api.get('/core/events?from=&to=').expect(200)).body.count).toBe(2);
  });

  it('rejects bad windows with 400', async () => {
    expect((await api.get('/core/events?from=nope').expect(400)).body.errors).toHaveProperty(
      'from',
    );
    expect((await api.get('/core/events?to=2024-02-31').expect(400)).body.errors).toHaveProperty(
      'to',
    );
    expect(
      (await api.get('/core/events?from=2024-02-02&to=2024-02-01').expect(400)).body.errors,
    ).toHaveProperty('from');
  });
});
