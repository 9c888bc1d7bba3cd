import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ActionDto, IncidentDto, TimelineEntryDto } from '@response/contracts';
import { seedSlackUsers } from '../factories/core.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';

/**
 * Nobody's edit is silently overwritten: versions, ETags and If-Match on
 * incidents, actions and timeline entries; and the timeline says who closed
 * and reopened an incident, and when times are out of range.
 */
describe('versions, ETags and If-Match', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;

  beforeAll(async () => {
    t = await startTestApp({ redis: false });
    api = coreApi(t);
    await seedSlackUsers(t, [{ external_id: 'U1', display_name: 'alice' }]);
  });
  afterAll(async () => {
    await t.close();
  });

  const declare = async (body: Record<string, unknown> = {}): Promise<IncidentDto> =>
    (await api.post('/core/incidents', { report: 'Versions', ...body }).expect(201)).body;
  const timelineTexts = async (id: number): Promise<string[]> =>
    (await api.get(`/core/incidents/${id}/timeline/events`).expect(200)).body.results.map(
      (e: TimelineEntryDto) => e.text,
    );

  describe('incidents', () => {
    it('GET shows the version in the body and as the ETag, never cached', async () => {
      const incident = await declare();
      expect(incident.version).toBe(1);
      const res = await api.get(`/core/incidents/${incident.id}`).expect(200);
      expect(res.body.version).toBe(1);
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers['cache-control']).toBe('no-store');
      // The version is not a cache validator: the body holds more than the row (actions, duration).
      await api.get(`/core/incidents/${incident.id}`).set('If-None-Match', '"1"').expect(200);
      const patched = await api
        .patch(`/core/incidents/${incident.id}`, { summary: 'one' })
        .set('If-Match', '"1"')
        .expect(200);
      expect(patched.body.version).toBe(2);
      expect(patched.headers.etag).toBe('"2"');
      expect(patched.body.updated_by).toMatchObject({ app_id: 'web', external_id: 'admin' });
    });

    it('a stale If-Match is 412 with the incident as it is now, and changes nothing', async () => {
      const incident = await declare();
      await api
        .patch(`/core/incidents/${incident.id}`, { summary: 'theirs' })
        .set('If-Match', '"1"')
        .expect(200);
      const before = await timelineTexts(incident.id);
      const stale = await api
        .patch(`/core/incidents/${incident.id}`, { summary: 'mine' })
        .set('If-Match', '"1"')
        .expect(412);
      const now = (await api.get(`/core/incidents/${incident.id}`).expect(200)).body;
      expect(stale.body).toEqual({ ...now, duration: stale.body.duration });
      expect(stale.body).toMatchObject({ summary: 'theirs', version: 2 });
      expect(stale.headers.etag).toBe('"2"');
      expect(await timelineTexts(incident.id)).toEqual(before);
      // Weak, bare and listed tags, and *, are understood.
      await api
        .patch(`/core/incidents/${incident.id}`, { impact: 'a' })
        .set('If-Match', '"1", W/"2"')
        .expect(200);
      await api
        .patch(`/core/incidents/${incident.id}`, { impact: 'b' })
        .set('If-Match', '*')
        .expect(200);
      await api
        .patch(`/core/incidents/${incident.id}`, { impact: 'c' })
        .set('If-Match', '4')
        .expect(200);
    });

    it('a body version works as If-Match: a stale full PUT no longer nulls what others set', async () => {
      const incident = await declare({ summary: 'first' });
      const got = (await api.get(`/core/incidents/${incident.id}`).expect(200)).body as IncidentDto;
      // Someone else sets the lead and the impact…
      await api
        .patch(`/core/incidents/${incident.id}`, {
          lead: { external_id: 'U1' },
          impact: 'set by someone else',
        })
        .expect(200);
      // …then an old copy is PUT back with one field changed: refused.
      const stale = await api
        .put(`/core/incidents/${incident.id}`, { ...got, summary: 'second' })
        .expect(412);
      expect(stale.body).toMatchObject({
        version: 2,
        impact: 'set by someone else',
        lead: { external_id: 'U1' },
        summary: 'first',
      });
      // With the current version it goes through.
      const fresh = stale.body as IncidentDto;
      const put = await api
        .put(`/core/incidents/${incident.id}`, { ...fresh, summary: 'second' })
        .expect(200);
      expect(put.body).toMatchObject({
        version: 3,
        summary: 'second',
        impact: 'set by someone else',
      });
      await api
        .patch(`/core/incidents/${incident.id}`, { summary: 'third', version: 2 })
        .expect(412);
    });

    it('without If-Match or version the last write wins, as for old API clients', async () => {
      const incident = await declare();
      await api.patch(`/core/incidents/${incident.id}`, { summary: 'a' }).expect(200);
      const got = (await api.get(`/core/incidents/${incident.id}`).expect(200)).body;
      await api.patch(`/core/incidents/${incident.id}`, { summary: 'b' }).expect(200);
      const { version: _v, ...legacy } = got as IncidentDto;
      const res = await api
        .put(`/core/incidents/${incident.id}`, { ...legacy, impact: 'old client' })
        .expect(200);
      expect(res.body).toMatchObject({ summary: 'a', impact: 'old client', version: 4 });
    });

    it('refuses an If-Match that is no ETag, and a version that is no version, with 400', async () => {
      const incident = await declare();
      const bad = await api
        .patch(`/core/incidents/${incident.id}`, { summary: 'x' })
        .set('If-Match', 'yesterday')
        .expect(400);
      expect(bad.body.errors).toHaveProperty('If-Match');
      const badBody = await api
        .patch(`/core/incidents/${incident.id}`, { summary: 'x', version: 'one' })
        .expect(400);
      expect(badBody.body.errors).toHaveProperty('version');
      expect((await api.get(`/core/incidents/${incident.id}`)).body.summary).toBeNull();
    });

    it('of concurrent PATCHes on the same version exactly one wins', async () => {
      const incident = await declare();
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          api
            .patch(`/core/incidents/${incident.id}`, { summary: `writer ${i}` })
            .set('If-Match', '"1"'),
        ),
      );
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412, 412, 412, 412, 412]);
      const winner = results.find((r) => r.status === 200)!.body as IncidentDto;
      const now = (await api.get(`/core/incidents/${incident.id}`).expect(200)).body;
      expect(now).toMatchObject({ version: 2, summary: winner.summary });
      expect(await timelineTexts(incident.id)).toEqual([
        `Incident summary added: "${winner.summary}" by admin`,
      ]);
      for (const loser of results.filter((r) => r.status === 412))
        expect(loser.body.version).toBe(2);
    });

    it('concurrent PATCHes without If-Match are all applied, one after the other', async () => {
      const incident = await declare();
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          api.patch(`/core/incidents/${incident.id}`, { summary: `writer ${i}` }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(12).fill(200));
      expect((await api.get(`/core/incidents/${incident.id}`)).body.version).toBe(13);
      expect(await timelineTexts(incident.id)).toHaveLength(12);
    });
  });

  describe('actions', () => {
    it('carry a version and an ETag; a stale write is 412 with the current action', async () => {
      const incident = await declare();
      const created = await api
        .post(`/core/incidents/${incident.id}/actions`, { details: 'Roll back' })
        .expect(201);
      expect(created.body.version).toBe(1);
      expect(created.headers.etag).toBe('"1"');
      const path = `/core/incidents/${incident.id}/actions/${created.body.id}`;
      expect((await api.get(path).expect(200)).headers.etag).toBe('"1"');
      expect((await api.get(`/core/actions/${created.body.id}`).expect(200)).headers.etag).toBe(
        '"1"',
      );
      await api.patch(path, { done: true }).set('If-Match', '"1"').expect(200);
      const stale = await api.patch(path, { details: 'Roll forward' }).set('If-Match', '"1"');
      expect(stale.status).toBe(412);
      expect(stale.body).toEqual((await api.get(path).expect(200)).body);
      expect(stale.body).toMatchObject({
        details: 'Roll back',
        done: true,
        version: 2,
        updated_by: { external_id: 'admin' },
      });
      await api
        .put(`/core/actions/${created.body.id}`, { details: 'Roll forward', version: 1 })
        .expect(412);
      const put = await api
        .put(`/core/actions/${created.body.id}`, { details: 'Roll forward', version: 2 })
        .expect(200);
      expect(put.body).toMatchObject({ details: 'Roll forward', version: 3, done: true });
      // A write that changes nothing is no new version.
      await api.patch(path, { details: 'Roll forward' }).set('If-Match', '"3"').expect(200);
      expect((await api.get(path)).body.version).toBe(3);
    });

    it('of concurrent PATCHes on the same version exactly one wins', async () => {
      const incident = await declare();
      const action = (
        await api.post(`/core/incidents/${incident.id}/actions`, { details: 'x' }).expect(201)
      ).body as ActionDto;
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          api.patch(`/core/actions/${action.id}`, { details: `writer ${i}`, version: 1 }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
      expect((await api.get(`/core/actions/${action.id}`)).body.version).toBe(2);
    });
  });

  describe('timeline entries', () => {
    it('carry a version and an ETag; a stale write is 412 with the current entry', async () => {
      const incident = await declare();
      const path = `/core/incidents/${incident.id}/timeline/events`;
      const created = await api
        .post(path, { timestamp: '2024-05-01T12:00:00Z', text: 'Paged the team' })
        .expect(201);
      expect(created.headers.etag).toBe('"1"');
      const entry = `${path}/${created.body.id}`;
      await api.patch(entry, { text: 'Paged the on-call' }).set('If-Match', '"1"').expect(200);
      const stale = await api.patch(entry, { text: 'Paged nobody' }).set('If-Match', '"1"');
      expect(stale.status).toBe(412);
      expect(stale.headers.etag).toBe('"2"');
      expect(stale.body).toEqual((await api.get(entry).expect(200)).body);
      expect(stale.body).toMatchObject({ text: 'Paged the on-call', version: 2 });
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          api.patch(entry, { text: `writer ${i}` }).set('If-Match', '"2"'),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412, 412, 412]);
      // Without If-Match, the last write wins.
      await api.put(entry, { timestamp: '2024-05-01T12:00:00Z', text: 'legacy' }).expect(200);
      expect((await api.get(entry)).body).toMatchObject({ text: 'legacy', version: 4 });
    });
  });

  describe('closing and reopening', () => {
    it('write timeline entries naming who did it, once per change', async () => {
      const incident = await declare();
      const end = new Date().toISOString();
      await api.patch(`/core/incidents/${incident.id}`, { end_time: end }).expect(200);
      await api.patch(`/core/incidents/${incident.id}`, { end_time: end }).expect(200);
      await api.patch(`/core/incidents/${incident.id}`, { end_time: null }).expect(200);
      const entries = (await api.get(`/core/incidents/${incident.id}/timeline/events`)).body
        .results as TimelineEntryDto[];
      expect(entries.map((e) => e.text)).toEqual([
        'Incident closed by admin',
        'Incident reopened by admin',
      ]);
      expect(entries[0]).toMatchObject({
        event_type: 'incident_update',
        metadata: {
          update_type: 'incident_closed',
          new_value: new Date(end).toISOString(),
          actor: { app_id: 'web', external_id: 'admin' },
        },
        updated_by: { external_id: 'admin' },
      });
      expect(entries[1].metadata).toMatchObject({ update_type: 'incident_reopened' });
    });
  });

  describe('start and end times', () => {
    it('must fall between 1970 and one day from now', async () => {
      const incident = await declare();
      const path = `/core/incidents/${incident.id}`;
      const inTwoDays = new Date(Date.now() + 2 * 86_400_000).toISOString();
      const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
      for (const body of [
        { start_time: '9999-01-01T00:00:00Z' },
        { start_time: '1969-12-31T23:59:59Z' },
        { start_time: inTwoDays },
        { end_time: '9999-12-31T00:00:00Z' },
        { end_time: inTwoDays },
      ]) {
        const res = await api.patch(path, body).expect(400);
        const field = Object.keys(body)[0];
        expect(res.body.errors).toEqual({ [field]: 'must be between 1970 and one day from now' });
      }
      const post = await api
        .post('/core/incidents', { report: 'From the future', start_time: '9999-01-01' })
        .expect(400);
      expect(post.body.errors).toHaveProperty('start_time');
      await api.patch(path, { start_time: '1970-01-01T00:00:00Z' }).expect(200);
      await api.patch(path, { end_time: inAnHour }).expect(200);
      expect((await api.get(path)).body.end_time).toBe(inAnHour);
    });
  });
});
