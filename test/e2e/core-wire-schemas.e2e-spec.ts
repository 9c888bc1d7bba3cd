import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  actionDtoSchema,
  apiErrorSchema,
  changeLogEntryDtoSchema,
  healthDtoSchema,
  incidentDtoSchema,
  meDtoSchema,
  paginatedSchema,
  participantDtoSchema,
  statusUpdateDtoSchema,
  timelineEntryDtoSchema,
  userDtoSchema,
  type IncidentDto,
} from '@response/contracts';
import { z } from 'zod';
import { dataSource, seedSlackUsers } from '../factories/core.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';

/**
 * The response schemas in `@response/contracts` are what the web app's types
 * are derived from: every `/core` answer must parse with them, extra fields
 * included (the schemas are strict), so that the types cannot drift from the server.
 */
describe('/core answers match the contract schemas', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;
  let incident: IncidentDto;

  /** Parses with the schema and fails the test with zod's account of any mismatch. */
  function conforms(schema: z.ZodType, body: unknown): void {
    const result = schema.safeParse(body);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  }

  beforeAll(async () => {
    t = await startTestApp();
    api = coreApi(t);
    const [alice, bob] = await seedSlackUsers(t, [
      { external_id: 'U1', display_name: 'alice', email: 'alice@example.com' },
      { external_id: 'U2', display_name: 'bob' },
    ]);
    incident = (
      await api
        .post('/core/incidents', {
          report: 'Checkout is down',
          summary: 'Payments fail',
          impact: 'All customers',
          severity: '2',
          lead: { external_id: 'U1' },
          reporter: { external_id: 'U2' },
        })
        .expect(201)
    ).body;
    await api
      .post(`/core/incidents/${incident.id}/actions`, {
        details: 'Roll back with <@U2>',
        user: { external_id: 'U1' },
        priority: '1',
        type: '3',
        due_date: '2030-01-01T00:00:00Z',
      })
      .expect(201);
    await api.post(`/core/incidents/${incident.id}/actions`, { details: 'Unowned', user: null });
    await api
      .post(`/core/incidents/${incident.id}/timeline/events`, {
        timestamp: '2024-05-01T12:00:00Z',
        text: 'Paged the team',
        metadata: { source: 'pager' },
      })
      .expect(201);
    await dataSource(t).query(
      `INSERT INTO comms_channel (incident_id, channel_id, channel_name) VALUES ($1, 'C1', 'inc-checkout')`,
      [incident.id],
    );
    await dataSource(t).query(
      `INSERT INTO user_stats (incident_id, user_id, join_time, message_count) VALUES ($1, $2, now(), 3), ($1, $3, now(), 1)`,
      [incident.id, alice, bob],
    );
    await api
      .patch(`/core/incidents/${incident.id}`, {
        summary: 'Payments failed',
        end_time: new Date().toISOString(),
      })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
  });

  it('incidents: one, a page and a month', async () => {
    const one = (await api.get(`/core/incidents/${incident.id}`).expect(200)).body;
    expect(one.comms_channel).toEqual({ channel_id: 'C1', channel_name: 'inc-checkout' });
    expect(one.action_items).toHaveLength(2);
    conforms(incidentDtoSchema, one);
    conforms(
      paginatedSchema(incidentDtoSchema),
      (await api.get('/core/incidents?limit=1').expect(200)).body,
    );
    const now = new Date();
    conforms(
      paginatedSchema(incidentDtoSchema),
      (
        await api
          .get(`/core/incidents/bymonth/${now.getUTCFullYear()}/${now.getUTCMonth() + 1}`)
          .expect(200)
      ).body,
    );
  });

  it('participants', async () => {
    const res = await api.get(`/core/incidents/${incident.id}/participants`).expect(200);
    expect(res.body).toHaveLength(2);
    conforms(z.array(participantDtoSchema), res.body);
  });

  it('actions: nested and top-level', async () => {
    const page = (await api.get(`/core/incidents/${incident.id}/actions`).expect(200)).body;
    conforms(paginatedSchema(actionDtoSchema), page);
    conforms(paginatedSchema(actionDtoSchema), (await api.get('/core/actions').expect(200)).body);
    conforms(actionDtoSchema, (await api.get(`/core/actions/${page.results[0].id}`)).body);
  });

  it('timeline', async () => {
    const page = (await api.get(`/core/incidents/${incident.id}/timeline/events`).expect(200)).body;
    expect(page.count).toBeGreaterThan(1);
    conforms(paginatedSchema(timelineEntryDtoSchema), page);
  });

  it('status updates: one posted, and the list', async () => {
    const posted = await api
      .post(`/core/incidents/${incident.id}/updates`, { text: 'Rolled back' })
      .expect(201);
    conforms(statusUpdateDtoSchema, posted.body);
    const page = (await api.get(`/core/incidents/${incident.id}/updates`).expect(200)).body;
    expect(page.count).toBe(1);
    conforms(paginatedSchema(statusUpdateDtoSchema), page);
    const one = (await api.get(`/core/incidents/${incident.id}`).expect(200)).body;
    expect(one.last_update_at).toBe(posted.body.posted_at);
    conforms(incidentDtoSchema, one);
  });

  it('the change log and the users', async () => {
    const events = (await api.get('/core/events').expect(200)).body;
    expect(events.count).toBeGreaterThan(0);
    conforms(paginatedSchema(changeLogEntryDtoSchema), events);
    conforms(paginatedSchema(userDtoSchema), (await api.get('/core/users').expect(200)).body);
  });

  it('auth, health and errors', async () => {
    const login = await t.http().post('/core/auth/login').send(ADMIN).expect(200);
    conforms(meDtoSchema, login.body);
    conforms(meDtoSchema, (await api.get('/core/auth/me').expect(200)).body);
    conforms(healthDtoSchema, (await t.http().get('/healthz').expect(200)).body);
    const invalid = (await api.post('/core/incidents', { report: '' }).expect(400)).body;
    expect(invalid.errors).toEqual({ report: 'must not be empty' });
    conforms(apiErrorSchema, invalid);
    conforms(apiErrorSchema, (await api.get('/core/incidents/999999').expect(404)).body);
  });
});
