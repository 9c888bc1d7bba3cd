import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto, TimelineEntryDto } from '@response/contracts';
import { requestQueries, seedSlackUsers } from '../factories/core.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';

describe('/core/incidents/:id/timeline/events', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;
  let incident: IncidentDto;
  let other: IncidentDto;
  const path = () => `/core/incidents/${incident.id}/timeline/events`;

  beforeAll(async () => {
    t = await startTestApp();
    api = coreApi(t);
    await seedSlackUsers(t, [{ external_id: 'U1', display_name: 'alice' }]);
    incident = (await api.post('/core/incidents', { report: 'Timeline' }).expect(201)).body;
    other = (await api.post('/core/incidents', { report: 'Other' }).expect(201)).body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('creates an entry (201) with text_ui, metadata optional', async () => {
    const res = await api
      .post(path(), {
        timestamp: '2024-05-01T12:00:00Z',
        text: '<@U1> restarted :fire: <iframe>x</iframe>',
      })
      .expect(201);
    // Slack mark-up typed outside Slack is stored escaped, as typed: it never pings in Slack.
    expect(res.body).toMatchObject({
      timestamp: '2024-05-01T12:00:00.000Z',
      text: '&lt;@U1&gt; restarted :fire: &lt;iframe&gt;x&lt;/iframe&gt;',
      text_ui: '&lt;@U1&gt; restarted 🔥 &lt;iframe&gt;x&lt;/iframe&gt;',
      event_type: 'text',
      metadata: null,
    });
    expect(Object.keys(res.body).sort()).toEqual([
      'event_type',
      'id',
      'metadata',
      'text',
      'text_ui',
      'timestamp',
      'updated_by',
      'version',
    ]);
    const withMeta = await api
      .post(path(), {
        timestamp: '2024-05-01T11:00:00+01:00',
        text: 'noted',
        event_type: 'slack_pin',
        metadata: { a: 1 },
      })
      .expect(201);
    expect(withMeta.body).toMatchObject({
      timestamp: '2024-05-01T10:00:00.000Z',
      event_type: 'slack_pin',
      metadata: { a: 1 },
    });
  });

  it('limits text as typed: 10000 characters that escaping lengthens are accepted, 10001 are not', async () => {
    const res = await api
      .post(path(), { timestamp: '2024-05-01T12:00:00Z', text: '<'.repeat(10_000) })
      .expect(201);
    expect(res.body.text).toBe('&lt;'.repeat(10_000));
    await api.delete(`${path()}/${res.body.id}`).expect(204);
    const refused = await api
      .post(path(), { timestamp: '2024-05-01T12:00:00Z', text: '<'.repeat(10_001) })
      .expect(400);
    expect(refused.body.errors).toHaveProperty('text');
  });

  it('lists in time order with an envelope, with and without a trailing slash', async () => {
    const res = await api.get(path()).expect(200);
    expect(res.body).toMatchObject({ next: null, previous: null });
    const times = res.body.results.map((e: TimelineEntryDto) => e.timestamp);
    expect([...times].sort()).toEqual(times);
    const slash = await api.get(`${path()}/`).expect(200);
    expect(slash.body.count).toBe(res.body.count);
    const paged = await api.get(`${path()}?limit=1`).expect(200);
    expect(paged.body.next).toBe(`${t.url}${path()}?limit=1&offset=1`);
  });

  it('gets, updates (PUT as GET, PATCH) and deletes', async () => {
    const created = (
      await api.post(path(), { timestamp: '2024-05-02T00:00:00Z', text: 'edit me' }).expect(201)
    ).body as TimelineEntryDto;
    const got = (await api.get(`${path()}/${created.id}`).expect(200)).body;
    const put = await api.put(`${path()}/${created.id}/`, { ...got, text: 'edited' }).expect(200);
    expect(put.body).toEqual({
      ...got,
      text: 'edited',
      text_ui: 'edited',
      version: got.version + 1,
    });
    const patched = await api
      .patch(`${path()}/${created.id}`, { metadata: { k: 'v' } })
      .expect(200);
    expect(patched.body).toMatchObject({ text: 'edited', metadata: { k: 'v' } });
    expect((await api.patch(`${path()}/${created.id}`, {}).expect(200)).body.text).toBe('edited');
    await api.delete(`${path()}/${created.id}`).expect(204);
    await api.get(`${path()}/${created.id}`).expect(404);
  });

  it('answers 404 under the wrong incident or an unknown one', async () => {
    const created = (
      await api.post(path(), { timestamp: '2024-05-03T00:00:00Z', text: 'mine' }).expect(201)
    ).body as TimelineEntryDto;
    const wrong = `/core/incidents/${other.id}/timeline/events/${created.id}`;
    await api.get(wrong).expect(404);
    await api.put(wrong, { timestamp: '2024-05-03T00:00:00Z', text: 'x' }).expect(404);
    await api.patch(wrong, { text: 'x' }).expect(404);
    await api.delete(wrong).expect(404);
    await api.get('/core/incidents/999999/timeline/events').expect(404);
    await api
      .post('/core/incidents/999999/timeline/events', {
        timestamp: '2024-05-03T00:00:00Z',
        text: 'x',
      })
      .expect(404);
    await api.get(`${path()}/${created.id}`).expect(200);
  });

  it('rejects bad input with 400 naming each field', async () => {
    const res = await api
      .post(path(), { timestamp: '2024-13-01T00:00:00Z', text: 'x'.repeat(10_001), metadata: [1] })
      .expect(400);
    expect(Object.keys(res.body.errors).sort()).toEqual(['metadata', 'text', 'timestamp']);
    expect(Object.keys((await api.post(path(), {}).expect(400)).body.errors).sort()).toEqual([
      'text',
      'timestamp',
    ]);
    expect(
      (
        await api
          .post(path(), { timestamp: '2024-01-01T00:00:00Z', text: 'x', event_type: 'Bad Type!' })
          .expect(400)
      ).body.errors,
    ).toHaveProperty('event_type');
    expect(
      (await api.post(path(), { timestamp: 12, text: 'x' }).expect(400)).body.errors,
    ).toHaveProperty('timestamp');
  });

  it('lists with a constant number of queries', async () => {
    for (let i = 0; i < 20; i++)
      await api
        .post(path(), { timestamp: '2024-06-01T00:00:00Z', text: `<@U1> step ${i}` })
        .expect(201);
    const small = await requestQueries(t, () => api.get(`${path()}?limit=2`).expect(200));
    const large = await requestQueries(t, () => api.get(`${path()}?limit=20`).expect(200));
    expect(large).toBe(small);
  });
});
