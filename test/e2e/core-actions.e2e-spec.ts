import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionDto, IncidentDto } from '@response/contracts';
import { requestQueries, dataSource, seedSlackUsers } from '../factories/core.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';

describe('actions', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;
  let incident: IncidentDto;
  let other: IncidentDto;

  beforeAll(async () => {
    t = await startTestApp();
    api = coreApi(t);
    await seedSlackUsers(t, [
      { external_id: 'U1', display_name: 'alice' },
      { external_id: 'U2', display_name: 'bob' },
    ]);
    incident = (await api.post('/core/incidents', { report: 'Has actions' }).expect(201)).body;
    other = (await api.post('/core/incidents', { report: 'Other' }).expect(201)).body;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('/core/incidents/:id/actions', () => {
    it('creates an action (201) owned by the named user, with details_ui', async () => {
      const res = await api
        .post(`/core/incidents/${incident.id}/actions`, {
          details: 'Rotate keys with <@U2> :fire: in <#C1|ops>',
          user: { external_id: 'U1' },
          priority: '1',
          type: '3',
          due_date: '2030-01-01T00:00:00Z',
        })
        .expect(201);
      // Slack mark-up typed outside Slack is stored escaped, as typed: it never pings in Slack.
      expect(res.body).toMatchObject({
        details: 'Rotate keys with &lt;@U2&gt; :fire: in &lt;#C1|ops&gt;',
        details_ui: 'Rotate keys with &lt;@U2&gt; 🔥 in &lt;#C1|ops&gt;',
        done: false,
        done_date: null,
        due_date: '2030-01-01T00:00:00.000Z',
        priority: '1',
        type: '3',
        user: { external_id: 'U1', display_name: 'alice' },
      });
      expect(Object.keys(res.body).sort()).toEqual(
        [
          'created_date',
          'details',
          'details_ui',
          'done',
          'done_date',
          'due_date',
          'id',
          'priority',
          'type',
          'updated_by',
          'user',
          'version',
        ].sort(),
      );
    });

    it('defaults the owner to the caller and sanitises details', async () => {
      const res = await api
        .post(`/core/incidents/${incident.id}/actions`, { details: '<script>x</script>' })
        .expect(201);
      expect(res.body.user).toMatchObject({ app_id: 'web', external_id: 'admin' });
      expect(res.body.details).toBe('&lt;script&gt;x&lt;/script&gt;');
    });

    it('limits details as typed: 10000 characters that escaping lengthens are accepted, 10001 are not', async () => {
      const res = await api
        .post(`/core/incidents/${incident.id}/actions`, { details: '&'.repeat(10_000) })
        .expect(201);
      expect(res.body.details).toBe('&amp;'.repeat(10_000));
      const refused = await api
        .post(`/core/incidents/${incident.id}/actions`, { details: '&'.repeat(10_001) })
        .expect(400);
      expect(refused.body.errors).toHaveProperty('details');
    });

    it('lists, gets, updates and deletes', async () => {
      const created = (
        await api.post(`/core/incidents/${incident.id}/actions`, { details: 'CRUD' }).expect(201)
      ).body as ActionDto;
      const list = await api.get(`/core/incidents/${incident.id}/actions`).expect(200);
      expect(list.body).toMatchObject({ next: null, previous: null });
      expect(list.body.results.map((a: ActionDto) => a.id)).toContain(created.id);
      await api.get(`/core/incidents/${incident.id}/actions/${created.id}/`).expect(200);

      const done = await api
        .patch(`/core/incidents/${incident.id}/actions/${created.id}`, { done: true })
        .expect(200);
      expect(done.body.done).toBe(true);
      expect(done.body.done_date).not.toBeNull();
      const put = await api
        .put(`/core/incidents/${incident.id}/actions/${created.id}`, {
          ...done.body,
          details: 'CRUD v2',
          user: { external_id: 'U2' },
        })
        .expect(200);
      expect(put.body).toMatchObject({
        details: 'CRUD v2',
        done: true,
        user: { external_id: 'U2' },
      });
      // An empty patch changes nothing and is not an error.
      expect(
        (await api.patch(`/core/incidents/${incident.id}/actions/${created.id}`, {}).expect(200))
          .body.details,
      ).toBe('CRUD v2');
      const undone = await api
        .patch(`/core/incidents/${incident.id}/actions/${created.id}`, { done: false })
        .expect(200);
      expect(undone.body.done_date).toBeNull();

      await api.delete(`/core/incidents/${incident.id}/actions/${created.id}`).expect(204);
      await api.get(`/core/incidents/${incident.id}/actions/${created.id}`).expect(404);
    });

    it('answers 404 under the wrong incident or an unknown one', async () => {
      const created = (
        await api.post(`/core/incidents/${incident.id}/actions`, { details: 'mine' }).expect(201)
      ).body as ActionDto;
      await api.get(`/core/incidents/${other.id}/actions/${created.id}`).expect(404);
      await api
        .patch(`/core/incidents/${other.id}/actions/${created.id}`, { done: true })
        .expect(404);
      await api
        .put(`/core/incidents/${other.id}/actions/${created.id}`, { details: 'x' })
        .expect(404);
      await api.delete(`/core/incidents/${other.id}/actions/${created.id}`).expect(404);
      await api.get('/core/incidents/999999/actions').expect(404);
      await api.post('/core/incidents/999999/actions', { details: 'x' }).expect(404);
      await api.get(`/core/incidents/${incident.id}/actions/nope`).expect(404);
      // Still there.
      await api.get(`/core/incidents/${incident.id}/actions/${created.id}`).expect(200);
    });

    it('rejects bad input with 400 naming each field', async () => {
      const res = await api
        .post(`/core/incidents/${incident.id}/actions`, {
          details: 'x'.repeat(10_001),
          priority: '9',
          type: 'big',
          due_date: 'soon',
          done: 'no',
        })
        .expect(400);
      expect(Object.keys(res.body.errors).sort()).toEqual([
        'details',
        'done',
        'due_date',
        'priority',
        'type',
      ]);
      expect(
        (
          await api
            .post(`/core/incidents/${incident.id}/actions`, {
              details: 'x',
              user: { external_id: 'UNOPE' },
            })
            .expect(400)
        ).body.errors,
      ).toHaveProperty('user');
      expect(
        (await api.post(`/core/incidents/${incident.id}/actions`, {}).expect(400)).body.errors,
      ).toHaveProperty('details');
    });

    it('logs an action_event per save with incident_id and no details_ui', async () => {
      const created = (
        await api.post(`/core/incidents/${incident.id}/actions`, { details: 'logged' }).expect(201)
      ).body as ActionDto;
      await api
        .patch(`/core/incidents/${incident.id}/actions/${created.id}`, { priority: '2' })
        .expect(200);
      const rows: { payload: Record<string, unknown> }[] = await dataSource(t).query(
        `SELECT payload FROM event WHERE event_type = 'action_event' AND (payload->>'id')::int = $1 ORDER BY id`,
        [created.id],
      );
      expect(rows).toHaveLength(2);
      expect(rows[1].payload).toMatchObject({
        id: created.id,
        incident_id: incident.id,
        priority: '2',
        details: 'logged',
      });
      expect(rows[1].payload).not.toHaveProperty('details_ui');
    });
  });

  describe('/core/actions', () => {
    it('creates with an incident id, lists with an envelope, gets, updates, deletes', async () => {
      const res = await api
        .post('/core/actions', {
          incident: other.id,
          details: 'top level',
          user: { external_id: 'U2' },
        })
        .expect(201);
      const id = res.body.id as number;
      expect(res.body.user.external_id).toBe('U2');
      const page = await api.get('/core/actions?limit=1').expect(200);
      expect(page.body.count).toBeGreaterThan(1);
      expect(page.body.results).toHaveLength(1);
      expect(page.body.next).toBe(`${t.url}/core/actions?limit=1&offset=1`);
      await api.get(`/core/actions/${id}`).expect(200);
      await api.get(`/core/actions/${id}/`).expect(200);
      const got = (await api.get(`/core/actions/${id}`)).body;
      expect(
        (await api.put(`/core/actions/${id}`, { ...got, done: true }).expect(200)).body.done,
      ).toBe(true);
      expect(
        (await api.patch(`/core/actions/${id}`, { user: null }).expect(200)).body.user,
      ).toBeNull();
      await api.delete(`/core/actions/${id}`).expect(204);
      await api.get(`/core/actions/${id}`).expect(404);
      await api.delete(`/core/actions/${id}`).expect(404);
    });

    it('answers 400 without a valid incident, 404 for an unknown one', async () => {
      expect(
        (await api.post('/core/actions', { details: 'x' }).expect(400)).body.errors,
      ).toHaveProperty('incident');
      expect(
        (await api.post('/core/actions', { details: 'x', incident: 'abc' }).expect(400)).body
          .errors,
      ).toHaveProperty('incident');
      await api.post('/core/actions', { details: 'x', incident: 999999 }).expect(404);
      expect(
        (await api.patch('/core/actions/1', { done: 3 }).expect(400)).body.errors,
      ).toHaveProperty('done');
    });

    it('lists with a constant number of queries', async () => {
      for (let i = 0; i < 30; i++) {
        await api
          .post(`/core/incidents/${incident.id}/actions`, {
            details: `bulk <@U1> ${i}`,
            user: { external_id: 'U1' },
          })
          .expect(201);
      }
      const small = await requestQueries(t, () => api.get('/core/actions?limit=2').expect(200));
      const large = await requestQueries(t, () => api.get('/core/actions?limit=30').expect(200));
      expect(large).toBe(small);
    });
  });
});
