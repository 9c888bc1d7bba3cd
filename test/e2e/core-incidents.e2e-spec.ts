import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto, Paginated } from '@response/contracts';
import { requestQueries, dataSource, seedIncidents, seedSlackUsers } from '../factories/core.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';

describe('/core/incidents', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;

  beforeAll(async () => {
    t = await startTestApp();
    api = coreApi(t);
    await seedSlackUsers(t, [
      { external_id: 'U1', display_name: 'alice' },
      { external_id: 'U2', display_name: 'bob' },
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  const create = async (body: Record<string, unknown>): Promise<IncidentDto> => {
    const res = await api.post('/core/incidents', body).expect(201);
    return res.body as IncidentDto;
  };

  describe('POST', () => {
    it('declares an incident with the caller as reporter and answers 201', async () => {
      const res = await api
        .post('/core/incidents', {
          report: 'Payments failing',
          summary: 'cards declined',
          lead: { external_id: 'U1' },
          severity: '2',
        })
        .expect(201);
      expect(res.body).toMatchObject({
        report: 'Payments failing',
        summary: 'cards declined',
        impact: null,
        severity: '2',
        severity_text: 'major',
        status: 'live',
        is_closed: false,
        end_time: null,
        private: false,
        report_only: false,
        comms_channel: null,
        action_items: [],
        reporter: { app_id: 'web', external_id: 'admin' },
        lead: {
          app_id: 'slack',
          external_id: 'U1',
          display_name: 'alice',
          full_name: 'U1 Full',
          email: null,
          deleted: false,
        },
      });
      expect(typeof res.body.id).toBe('number');
      expect(res.body.report_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(typeof res.body.duration).toBe('number');
    });

    it('takes the reporter from the body, as a full user object', async () => {
      const incident = await create({
        report: 'Reported for bob',
        reporter: {
          app_id: 'slack',
          external_id: 'U2',
          display_name: 'bob',
          full_name: 'x',
          email: null,
          deleted: false,
        },
        report_only: true,
      });
      expect(incident.reporter?.external_id).toBe('U2');
      expect(incident.status).toBe('reported');
    });

    it('sanitises text on write', async () => {
      const incident = await create({
        report: '<iframe>x</iframe>',
        summary: "<script>alert('x')</script>",
        impact: '<meta http-equiv="refresh content=0;">',
      });
      expect(incident.report).toBe('&lt;iframe&gt;x&lt;/iframe&gt;');
      expect(incident.summary).toBe("&lt;script&gt;alert('x')&lt;/script&gt;");
      expect(incident.impact).toBe('&lt;meta http-equiv="refresh content=0;"&gt;');
      const stored = await api.get(`/core/incidents/${incident.id}`).expect(200);
      expect(stored.body.report).toBe('&lt;iframe&gt;x&lt;/iframe&gt;');
    });

    it('rejects bad input with 400 naming each field', async () => {
      const res = await api
        .post('/core/incidents', {
          report: 'x'.repeat(201),
          severity: '7',
          lead: { external_id: 'UNKNOWN' },
          start_time: '2024-02-30T10:00:00Z',
          private: 'yes',
        })
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(Object.keys(res.body.errors).sort()).toEqual([
        'private',
        'report',
        'severity',
        'start_time',
      ]);
    });

    it('answers 400 for a missing report, an unknown user, wrong types', async () => {
      expect((await api.post('/core/incidents', {}).expect(400)).body.errors).toHaveProperty(
        'report',
      );
      expect(
        (
          await api
            .post('/core/incidents', { report: 'x', lead: { external_id: 'UNOPE' } })
            .expect(400)
        ).body.errors,
      ).toHaveProperty('lead');
      expect(
        (
          await api
            .post('/core/incidents', { report: 'x', reporter: { external_id: 'UNOPE' } })
            .expect(400)
        ).body.errors,
      ).toHaveProperty('reporter');
      expect(
        (await api.post('/core/incidents', { report: 42 }).expect(400)).body.errors,
      ).toHaveProperty('report');
      expect(
        (await api.post('/core/incidents', { report: 'x', lead: 'U1' }).expect(400)).body.errors,
      ).toHaveProperty('lead');
      expect((await api.post('/core/incidents', [1, 2]).expect(400)).body.errors).toHaveProperty(
        'body',
      );
    });

    it('counts the report as typed: 200 characters that escaping lengthens, or emoji, are accepted; 201 are not', async () => {
      const escaped = '&<'.repeat(100);
      expect([...escaped]).toHaveLength(200);
      const stored = await api.post('/core/incidents', { report: escaped }).expect(201);
      expect(stored.body.report).toBe('&amp;&lt;'.repeat(100));
      const emoji = '🔥'.repeat(200);
      expect((await api.post('/core/incidents', { report: emoji }).expect(201)).body.report).toBe(
        emoji,
      );
      const patched = await api
        .patch(`/core/incidents/${stored.body.id}`, { report: '&'.repeat(200) })
        .expect(200);
      expect(patched.body.report).toBe('&amp;'.repeat(200));

      const tooLong = await api.post('/core/incidents', { report: '&'.repeat(201) }).expect(400);
      expect(tooLong.body.errors.report).toBe('must be at most 200 characters');
      expect(
        (await api.post('/core/incidents', { report: '🔥'.repeat(201) }).expect(400)).body.errors,
      ).toHaveProperty('report');
    });

    it('answers 400 for a body that is not JSON', async () => {
      const res = await t
        .http()
        .post('/core/incidents')
        .auth('admin', 'admin-password-1')
        .set('Content-Type', 'application/json')
        .send('{"report": ')
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(typeof res.body.message).toBe('string');
    });

    it('needs authentication', async () => {
      await t.http().post('/core/incidents').send({ report: 'x' }).expect(401);
      await t.http().get('/core/incidents').expect(401);
    });
  });

  describe('GET by id, PUT and PATCH', () => {
    it('returns one incident with its actions, 404 for unknown ids', async () => {
      const incident = await create({ report: 'With actions' });
      await api
        .post(`/core/incidents/${incident.id}/actions`, { details: 'ask <@U1> :fire:' })
        .expect(201);
      const res = await api.get(`/core/incidents/${incident.id}`).expect(200);
      expect(res.body.action_items).toHaveLength(1);
      // Slack mark-up typed outside Slack is stored escaped, as typed; emoji still read.
      expect(res.body.action_items[0]).toMatchObject({
        details: 'ask &lt;@U1&gt; :fire:',
        details_ui: 'ask &lt;@U1&gt; 🔥',
      });
      await api.get('/core/incidents/999999').expect(404);
      await api.get('/core/incidents/abc').expect(404);
      await api.get('/core/incidents/99999999999999').expect(404);
      await api.patch('/core/incidents/999999', { report: 'x' }).expect(404);
      await api.put('/core/incidents/999999', { report: 'x' }).expect(404);
    });

    it('accepts a PUT of the object exactly as GET returned it, with one field changed', async () => {
      const incident = await create({
        report: 'Round trip',
        lead: { external_id: 'U1' },
        severity: '3',
      });
      await api
        .post(`/core/incidents/${incident.id}/actions`, { details: 'an action' })
        .expect(201);
      const got = (await api.get(`/core/incidents/${incident.id}`).expect(200)).body as IncidentDto;
      const res = await api
        .put(`/core/incidents/${incident.id}/`, { ...got, summary: 'now with a summary' })
        .expect(200);
      expect(res.body).toEqual({
        ...got,
        summary: 'now with a summary',
        duration: res.body.duration,
        version: got.version + 1,
      });
      const timeline = (await api.get(`/core/incidents/${incident.id}/timeline/events`).expect(200))
        .body;
      expect(timeline.results.map((e: { text: string }) => e.text)).toEqual([
        'Incident summary added: "now with a summary" by admin',
      ]);
    });

    it('ignores read-only fields', async () => {
      const incident = await create({ report: 'Read only' });
      const res = await api
        .patch(`/core/incidents/${incident.id}`, {
          id: 12345,
          reporter: { external_id: 'U2' },
          is_closed: true,
          report_time: '2000-01-01T00:00:00Z',
          action_items: [{ details: 'x' }],
          comms_channel: { channel_id: 'C1', channel_name: 'x' },
        })
        .expect(200);
      expect(res.body).toMatchObject({
        id: incident.id,
        reporter: incident.reporter,
        is_closed: false,
        report_time: incident.report_time,
      });
      expect(res.body.action_items).toEqual([]);
    });

    it('writes automatic timeline entries with Response texts', async () => {
      const incident = await create({ report: 'Timeline texts', summary: 's1' });
      const id = incident.id;
      await api.patch(`/core/incidents/${id}`, { lead: { external_id: 'U1' } }).expect(200);
      await api
        .patch(`/core/incidents/${id}`, { lead: { external_id: 'U2' }, severity: '2' })
        .expect(200);
      await api
        .patch(`/core/incidents/${id}`, {
          lead: null,
          report: 'Timeline texts v2',
          summary: 's2',
          impact: 'i1',
        })
        .expect(200);
      await api.patch(`/core/incidents/${id}`, { severity: '1', impact: 'i2' }).expect(200);
      const res = await api.get(`/core/incidents/${id}/timeline/events`).expect(200);
      const texts = res.body.results.map((e: { text: string }) => e.text);
      expect(texts).toEqual([
        'alice was added as incident lead by admin',
        'Incident lead changed from alice to bob by admin',
        'Incident severity set to major by admin',
        'bob was removed as incident lead by admin',
        'Incident report updated from "Timeline texts" to "Timeline texts v2" by admin',
        'Incident summary updated from "s1" to "s2" by admin',
        'Incident impact added: "i1" by admin',
        'Incident impact updated from "i1" to "i2" by admin',
        'Incident severity updated from major to critical by admin',
      ]);
      const severity = res.body.results.at(-1);
      expect(severity).toMatchObject({
        event_type: 'incident_update',
        metadata: {
          update_type: 'incident_severity',
          old_value: { id: '2', text: 'major' },
          new_value: { id: '1', text: 'critical' },
        },
      });
      const lead = res.body.results[1];
      expect(lead.metadata).toMatchObject({
        update_type: 'incident_lead',
        old_value: { external_id: 'U1', display_name: 'alice' },
        new_value: { external_id: 'U2', display_name: 'bob' },
      });
    });

    it('refuses to unset a severity (400) but allows changing it', async () => {
      const incident = await create({ report: 'Severity', severity: '3' });
      const res = await api.patch(`/core/incidents/${incident.id}`, { severity: null }).expect(400);
      expect(res.body.errors).toHaveProperty('severity');
      await api.patch(`/core/incidents/${incident.id}`, { severity: 4 }).expect(200);
      expect((await api.get(`/core/incidents/${incident.id}`)).body.severity).toBe('4');
      const none = await create({ report: 'No severity' });
      await api.patch(`/core/incidents/${none.id}`, { severity: null }).expect(200);
    });

    it('validates updates: dates, severity, unknown lead, order of times, oversize text', async () => {
      const incident = await create({ report: 'Validate' });
      const bad = await api
        .patch(`/core/incidents/${incident.id}`, {
          end_time: 'yesterday',
          severity: '0',
          summary: 'x'.repeat(50_001),
        })
        .expect(400);
      expect(Object.keys(bad.body.errors).sort()).toEqual(['end_time', 'severity', 'summary']);
      expect(
        (
          await api
            .patch(`/core/incidents/${incident.id}`, { lead: { external_id: 'UNOPE' } })
            .expect(400)
        ).body.errors,
      ).toHaveProperty('lead');
      expect(
        (
          await api
            .patch(`/core/incidents/${incident.id}`, { end_time: '2000-01-01T00:00:00Z' })
            .expect(400)
        ).body.errors,
      ).toHaveProperty('end_time');
      expect(
        (await api.put(`/core/incidents/${incident.id}`, { summary: 'no report' }).expect(400)).body
          .errors,
      ).toHaveProperty('report');
    });

    it('closes and reopens with end_time, and bumps the version on every save', async () => {
      const incident = await create({ report: 'Close me' });
      const versionOf = async () =>
        (await dataSource(t).query('SELECT version FROM incident WHERE id = $1', [incident.id]))[0]
          .version as number;
      expect(await versionOf()).toBe(1);
      const end = new Date(Date.now() + 60_000).toISOString();
      const closed = await api
        .patch(`/core/incidents/${incident.id}`, { end_time: end })
        .expect(200);
      expect(closed.body).toMatchObject({ is_closed: true, status: 'resolved', end_time: end });
      expect(await versionOf()).toBe(2);
      const reopened = await api
        .patch(`/core/incidents/${incident.id}`, { end_time: null })
        .expect(200);
      expect(reopened.body).toMatchObject({ is_closed: false, status: 'live', end_time: null });
      expect(await versionOf()).toBe(3);
      // Nothing changed: nothing saved.
      await api.patch(`/core/incidents/${incident.id}`, { report: 'Close me' }).expect(200);
      await api.patch(`/core/incidents/${incident.id}`, {}).expect(200);
      expect(await versionOf()).toBe(3);
    });
  });

  describe('change log', () => {
    it('writes an incident_event per save, without action_items', async () => {
      const incident = await create({ report: 'Logged' });
      await api.patch(`/core/incidents/${incident.id}`, { severity: '2' }).expect(200);
      const events = await api.get('/core/events?limit=1000').expect(200);
      const mine = events.body.results.filter(
        (e: { event_type: string; payload: { id: number } }) =>
          e.event_type === 'incident_event' && e.payload.id === incident.id,
      );
      expect(mine).toHaveLength(2);
      expect(mine[1].payload).toMatchObject({ report: 'Logged', severity: '2' });
      expect(mine[1].payload).not.toHaveProperty('action_items');
    });

    it('writes nothing for private incidents and their actions', async () => {
      const before = (await dataSource(t).query('SELECT count(*)::int AS n FROM event'))[0]
        .n as number;
      const incident = await create({ report: 'Secret', private: true });
      expect(incident.private).toBe(true);
      await api
        .patch(`/core/incidents/${incident.id}`, { severity: '1', summary: 'hush' })
        .expect(200);
      const action = await api
        .post(`/core/incidents/${incident.id}/actions`, { details: 'quietly' })
        .expect(201);
      await api
        .patch(`/core/incidents/${incident.id}/actions/${action.body.id}`, { done: true })
        .expect(200);
      const after = (await dataSource(t).query('SELECT count(*)::int AS n FROM event'))[0]
        .n as number;
      expect(after).toBe(before);
    });
  });

  describe('participants', () => {
    it('lists the top users by message count', async () => {
      const incident = await create({ report: 'Chatty' });
      const [u1, u2] = (
        await dataSource(t).query(
          `SELECT id FROM external_user WHERE external_id IN ('U1','U2') ORDER BY external_id`,
        )
      ).map((r: { id: number }) => r.id);
      await dataSource(t).query(
        `INSERT INTO user_stats (incident_id, user_id, join_time, message_count) VALUES ($1, $2, now(), 3), ($1, $3, now(), 9)`,
        [incident.id, u1, u2],
      );
      const res = await api.get(`/core/incidents/${incident.id}/participants`).expect(200);
      expect(
        res.body.map((p: { user: { external_id: string }; message_count: number }) => [
          p.user.external_id,
          p.message_count,
        ]),
      ).toEqual([
        ['U2', 9],
        ['U1', 3],
      ]);
      expect(
        (await api.get(`/core/incidents/${incident.id}/participants?limit=1`).expect(200)).body,
      ).toHaveLength(1);
      expect(
        (await api.get(`/core/incidents/${incident.id}/participants?limit=x`).expect(400)).body
          .errors,
      ).toHaveProperty('limit');
      await api.get('/core/incidents/999999/participants').expect(404);
    });
  });
});

describe('/core/incidents lists', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;

  beforeAll(async () => {
    t = await startTestApp();
    api = coreApi(t);
    const [u1, u2] = await seedSlackUsers(t, [
      { external_id: 'U1', display_name: 'alice' },
      { external_id: 'U2', display_name: 'bob' },
    ]);
    await seedIncidents(t, {
      count: 120,
      reporterId: u1,
      leadId: u2,
      actionsPerIncident: 2,
      actionUserId: u2,
      from: new Date('2024-03-01T00:00:00Z'),
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it('pages newest first with a limit/offset envelope of absolute URLs', async () => {
    const first = (await api.get('/core/incidents').expect(200)).body as Paginated<IncidentDto>;
    expect(first.count).toBe(120);
    expect(first.results).toHaveLength(100);
    expect(first.previous).toBeNull();
    expect(first.next).toBe(`${t.url}/core/incidents?limit=100&offset=100`);
    const times = first.results.map((i) => i.report_time);
    expect([...times].sort().reverse()).toEqual(times);
    expect(first.results[0]).toMatchObject({
      report: 'seeded incident 120',
      lead: { external_id: 'U2' },
      reporter: { external_id: 'U1' },
    });
    expect(first.results[0].action_items).toHaveLength(2);
    expect(first.results[0].action_items[0].details_ui).toBe('follow up 1 on @alice 🔥');

    const second = (await api.get('/core/incidents?limit=100&offset=100').expect(200))
      .body as Paginated<IncidentDto>;
    expect(second.results).toHaveLength(20);
    expect(second.next).toBeNull();
    expect(second.previous).toBe(`${t.url}/core/incidents?limit=100`);
    const middle = (await api.get('/core/incidents?limit=10&offset=30').expect(200))
      .body as Paginated<IncidentDto>;
    expect(middle.previous).toBe(`${t.url}/core/incidents?limit=10&offset=20`);
    expect(middle.next).toBe(`${t.url}/core/incidents?limit=10&offset=40`);
  });

  it('reads paging parameters as Response did: bad values fall back to defaults, large limits are cut', async () => {
    const all = (await api.get('/core/incidents').expect(200)).body as Paginated<IncidentDto>;
    for (const query of ['limit=abc', 'limit=', 'limit=0', 'limit=-5', 'offset=-1', 'offset=x']) {
      const page = (await api.get(`/core/incidents?${query}`).expect(200))
        .body as Paginated<IncidentDto>;
      expect(page.results.map((i) => i.id)).toEqual(all.results.map((i) => i.id));
    }
    const most = (await api.get('/core/incidents?limit=1000').expect(200))
      .body as Paginated<IncidentDto>;
    const big = (await api.get('/core/incidents?limit=100000&offset=1').expect(200))
      .body as Paginated<IncidentDto>;
    expect(big.results.map((i) => i.id)).toEqual(most.results.slice(1).map((i) => i.id));
    expect(big.previous).toBe(`${t.url}/core/incidents?limit=1000`);
  });

  it('answers with and without a trailing slash', async () => {
    const a = (await api.get('/core/incidents?limit=2').expect(200)).body;
    const b = (await api.get('/core/incidents/?limit=2').expect(200)).body;
    expect(b.results.map((i: IncidentDto) => i.id)).toEqual(
      a.results.map((i: IncidentDto) => i.id),
    );
    await api.get(`/core/incidents/${a.results[0].id}/`).expect(200);
    await api.get('/core/incidents/bymonth/2024/3/').expect(200);
  });

  it('lists one month', async () => {
    const march = (await api.get('/core/incidents/bymonth/2024/3?limit=5').expect(200))
      .body as Paginated<IncidentDto>;
    expect(march.count).toBe(120);
    expect(march.results).toHaveLength(5);
    expect((await api.get('/core/incidents/bymonth/2024/04').expect(200)).body.count).toBe(0);
    expect(
      (await api.get('/core/incidents/bymonth/2024/13').expect(400)).body.errors,
    ).toHaveProperty('month');
    expect((await api.get('/core/incidents/bymonth/24/1').expect(400)).body.errors).toHaveProperty(
      'year',
    );
  });

  it('costs the same number of queries for a page of 100 as for a page of 5', async () => {
    const small = await requestQueries(t, () => api.get('/core/incidents?limit=5').expect(200));
    const large = await requestQueries(t, () => api.get('/core/incidents?limit=100').expect(200));
    expect(small).toBeGreaterThan(0);
    // count, page with reporter/lead/channel, actions with owners, role holders, mentioned names;
    // plus authentication (the account, and the login throttle of HTTP Basic).
    expect(small).toBeLessThanOrEqual(7);
    expect(large).toBe(small);
    const month = await requestQueries(t, () =>
      api.get('/core/incidents/bymonth/2024/3?limit=100').expect(200),
    );
    expect(month).toBe(small);
  });
});
