import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  paginatedSchema,
  WEBHOOK_EVENTS,
  webhookCreatedDtoSchema,
  webhookDeliveryDtoSchema,
  webhookDtoSchema,
  type ActionDto,
  type IncidentDto,
  type Paginated,
  type TimelineEntryDto,
  type WebhookCreatedDto,
  type WebhookDeliveryDto,
  type WebhookDto,
} from '@response/contracts';
import { createHmac } from 'node:crypto';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { WebhookReceiver, type ReceivedWebhook } from '../fakes/webhook-receiver.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import { eventually } from './slack-comms-helpers.js';

/**
 * Signed webhooks, end to end: the app (Postgres, Redis, the outbox and the
 * queue) sends to a real HTTP receiver, and the test checks every signature
 * with its own HMAC computation, as a receiver would.
 */

interface Body {
  type: string;
  timestamp: string;
  incident_id: number;
  data: Record<string, unknown>;
}

/** Verifies a request as the Standard Webhooks specification says a receiver must. */
function verified(secret: string, request: ReceivedWebhook): Body {
  const id = String(request.headers['webhook-id']);
  const timestamp = String(request.headers['webhook-timestamp']);
  const signatures = String(request.headers['webhook-signature']).split(' ');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${id}.${timestamp}.${request.body}`)
    .digest('base64');
  expect(signatures).toContain(`v1,${expected}`);
  expect(Math.abs(Date.now() / 1000 - Number(timestamp))).toBeLessThan(300);
  expect(request.headers['content-type']).toBe('application/json');
  return JSON.parse(request.body) as Body;
}

const typesOn = (receiver: WebhookReceiver, path: string) =>
  receiver.on(path).map((r) => (JSON.parse(r.body) as Body).type);

describe('webhooks', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;
  const receiver = new WebhookReceiver();

  const register = async (path: string, extra: Record<string, unknown> = {}) =>
    (await api.post('/core/webhooks', { url: `${receiver.url}${path}`, ...extra }).expect(201))
      .body as WebhookCreatedDto;

  const deliveries = async (id: number) =>
    (await api.get(`/core/webhooks/${id}/deliveries`).expect(200))
      .body as Paginated<WebhookDeliveryDto>;

  const declare = async (report: string, extra: Record<string, unknown> = {}) =>
    (await api.post('/core/incidents', { report, ...extra }).expect(201)).body as IncidentDto;

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    api = coreApi(t);
    await t.app
      .get(AccountsService)
      .create({ username: 'resp', password: 'responder-pass-1', role: 'responder' });
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  describe('/core/webhooks', () => {
    it('registers an endpoint and shows its whsec_ secret only once', async () => {
      const created = await register('/crud');
      expect(created).toMatchObject({
        url: `${receiver.url}/crud`,
        events: [...WEBHOOK_EVENTS],
        include_private: false,
        enabled: true,
        disabled_reason: null,
      });
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
      // The answers are exactly what the contract schemas (and so the web app) expect.
      webhookCreatedDtoSchema.parse(created);

      const one = (await api.get(`/core/webhooks/${created.id}`).expect(200)).body as WebhookDto;
      expect(one).not.toHaveProperty('secret');
      const list = (await api.get('/core/webhooks').expect(200)).body as Paginated<WebhookDto>;
      paginatedSchema(webhookDtoSchema).parse(list);
      webhookDtoSchema.parse(one);
      expect(list.results.map((w) => w.id)).toContain(created.id);
      expect(JSON.stringify(list)).not.toContain(created.secret);

      const patched = await api
        .patch(`/core/webhooks/${created.id}`, {
          events: ['incident.closed'],
          include_private: true,
        })
        .expect(200);
      expect(patched.body).toMatchObject({ events: ['incident.closed'], include_private: true });

      await api.delete(`/core/webhooks/${created.id}`).expect(204);
      await api.get(`/core/webhooks/${created.id}`).expect(404);
      await api.delete(`/core/webhooks/${created.id}`).expect(404);
    });

    it('lists the events an endpoint can receive', async () => {
      const res = await api.get('/core/webhooks/events').expect(200);
      expect(res.body).toEqual([...WEBHOOK_EVENTS]);
    });

    it('answers 400 naming the field for a bad URL or event', async () => {
      const badEvent = await api
        .post('/core/webhooks', { url: `${receiver.url}/x`, events: ['incident.exploded'] })
        .expect(400);
      expect(badEvent.body.errors).toHaveProperty(['events.0']);
      const badUrl = await api.post('/core/webhooks', { url: 'gopher://example.com' }).expect(400);
      expect(badUrl.body.errors.url).toMatch(/http/);
      const none = await api.post('/core/webhooks', {}).expect(400);
      expect(none.body.errors).toHaveProperty('url');
    });

    it('is for admins only', async () => {
      const res = await t.http().get('/core/webhooks').auth('resp', 'responder-pass-1').expect(403);
      expect(res.body.statusCode).toBe(403);
      await t
        .http()
        .post('/core/webhooks')
        .auth('resp', 'responder-pass-1')
        .send({ url: `${receiver.url}/x` })
        .expect(403);
    });
  });

  it('sends signed events whose data is what /core returns', async () => {
    const hook = await register('/all');
    const incident = await declare('Checkout is down', { summary: 'Payments <fail> & more' });
    const action = (
      await api
        .post(`/core/incidents/${incident.id}/actions`, { details: 'Roll back the deploy' })
        .expect(201)
    ).body as ActionDto;
    const entry = (
      await api
        .post(`/core/incidents/${incident.id}/timeline/events`, {
          timestamp: '2030-01-01T10:00:00Z',
          text: 'Rolled back',
        })
        .expect(201)
    ).body as TimelineEntryDto;
    await api.delete(`/core/incidents/${incident.id}/actions/${action.id}`).expect(204);

    await eventually(async () => receiver.on('/all').length >= 4, 10_000, 'four webhooks');
    const bodies = receiver.on('/all').map((r) => verified(hook.secret, r));
    expect(bodies.map((b) => b.type)).toEqual([
      'incident.declared',
      'action.created',
      'timeline.created',
      'action.deleted',
    ]);
    const { duration: _d, action_items: _a, ...declared } = incident;
    expect(bodies[0].data).toMatchObject(declared);
    expect(bodies[0].incident_id).toBe(incident.id);
    expect(bodies[1].data).toEqual(action);
    expect(bodies[2].data).toEqual(entry);
    expect(bodies[3].data).toEqual(action);
    // One message id per event, the same on every try.
    const ids = receiver.on('/all').map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(4);
    expect(ids.every((id) => /^msg_[0-9a-f]{32}$/.test(String(id)))).toBe(true);

    const listed = await deliveries(hook.id);
    paginatedSchema(webhookDeliveryDtoSchema).parse(listed);
    expect(listed.count).toBe(4);
    expect(listed.results[0]).toMatchObject({
      event_type: 'action.deleted',
      status: 'succeeded',
      status_code: 200,
      incident_id: incident.id,
      next_attempt_at: null,
    });
    expect(listed.results[0].attempts).toHaveLength(1);
    expect(listed.results[0].latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('sends status_update.posted with the update as /core lists it', async () => {
    const hook = await register('/updates');
    await api.patch(`/core/webhooks/${hook.id}`, { events: ['status_update.posted'] }).expect(200);
    const incident = await declare('Queue backlog');
    const posted = (
      await api
        .post(`/core/incidents/${incident.id}/updates`, { text: 'Draining the queue' })
        .expect(201)
    ).body as { id: number };
    await eventually(async () => receiver.on('/updates').length >= 1, 10_000, 'the update');
    const bodies = receiver.on('/updates').map((r) => verified(hook.secret, r));
    expect(bodies.map((b) => b.type)).toEqual(['status_update.posted']);
    const listed = (await api.get(`/core/incidents/${incident.id}/updates`).expect(200)).body as {
      results: unknown[];
    };
    expect(bodies[0].data).toEqual(listed.results[0]);
    expect(bodies[0].data).toMatchObject({ id: posted.id, text: 'Draining the queue' });
    expect(bodies[0].incident_id).toBe(incident.id);
  });

  it('retries on 503 and 429, honouring Retry-After, and records each try', async () => {
    const hook = await register('/flaky', { events: ['incident.declared'] });
    receiver.script(
      '/flaky',
      { status: 503, headers: { 'retry-after': '1' } },
      { status: 429, headers: { 'retry-after': '1' } },
    );
    const incident = await declare('Flaky receiver');
    const [delivery] = await eventually(
      async () => {
        const page = await deliveries(hook.id);
        return page.results[0]?.status === 'succeeded' && page.results;
      },
      15_000,
      'the third try',
    );
    expect(delivery.attempts.map((a) => a.status_code)).toEqual([503, 429, 200]);
    expect(delivery.attempts.map((a) => a.error)).toEqual(['HTTP 503', 'HTTP 429', null]);
    expect(delivery.incident_id).toBe(incident.id);
    const times = receiver.on('/flaky').map((r) => r.at);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(950);
    // Every try carries the same message id, each freshly signed.
    const requests = receiver.on('/flaky');
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    requests.forEach((r) => verified(hook.secret, r));
  });

  it('keeps the order of an incident’s events while an earlier one is retried', async () => {
    const hook = await register('/ordered', {
      events: ['incident.declared', 'incident.updated', 'incident.closed'],
    });
    receiver.script('/ordered', { status: 503, headers: { 'retry-after': '1' } });
    const incident = await declare('Ordered');
    await api.patch(`/core/incidents/${incident.id}`, { severity: '2' }).expect(200);
    await api.patch(`/core/incidents/${incident.id}`, { impact: 'Everyone' }).expect(200);
    await api
      .patch(`/core/incidents/${incident.id}`, { end_time: new Date().toISOString() })
      .expect(200);
    await eventually(async () => receiver.on('/ordered').length >= 5, 15_000, 'five requests');
    expect(typesOn(receiver, '/ordered')).toEqual([
      'incident.declared', // 503, tried again after a second
      'incident.declared',
      'incident.updated',
      'incident.updated',
      'incident.closed',
    ]);
    const bodies = receiver.on('/ordered').map((r) => verified(hook.secret, r));
    expect(bodies[2].data).toMatchObject({ severity: '2', impact: null });
    expect(bodies[3].data).toMatchObject({ severity: '2', impact: 'Everyone' });
    expect(bodies[4].data).toMatchObject({ is_closed: true, status: 'resolved' });
  });

  it('turns an endpoint off when it answers 410, and an admin can resend', async () => {
    const hook = await register('/gone', { events: ['incident.declared'] });
    receiver.always('/gone', { status: 410 });
    const first = await declare('Goes to a gone endpoint');
    const off = await eventually(
      async () => {
        const res = (await api.get(`/core/webhooks/${hook.id}`).expect(200)).body as WebhookDto;
        return !res.enabled && res;
      },
      10_000,
      'the endpoint turned off',
    );
    expect(off.disabled_reason).toMatch(/410/);
    const [failed] = (await deliveries(hook.id)).results;
    expect(failed).toMatchObject({ status: 'failed', status_code: 410, incident_id: first.id });

    // Nothing more goes to it while it is off.
    await declare('While it is off');
    expect((await deliveries(hook.id)).count).toBe(1);
    await api
      .post(`/core/webhooks/${hook.id}/deliveries/${failed.id}/retry`)
      .expect(409)
      .expect((res) => expect(res.body.message).toMatch(/turn it on/));

    receiver.always('/gone', null);
    await api.patch(`/core/webhooks/${hook.id}`, { enabled: true }).expect(200);
    const retried = await api
      .post(`/core/webhooks/${hook.id}/deliveries/${failed.id}/retry`)
      .expect(202);
    expect(retried.body).toMatchObject({ id: failed.id, status: 'pending' });
    await eventually(
      async () => receiver.on('/gone').some((r) => r.status === 200),
      10_000,
      'the resend',
    );
    const sent = receiver.on('/gone');
    expect(sent.map((r) => r.status)).toEqual([410, 200]);
    expect(sent[1].headers['webhook-id']).toBe(sent[0].headers['webhook-id']);
    expect(verified(hook.secret, sent[1]).incident_id).toBe(first.id);
    await api.post(`/core/webhooks/${hook.id}/deliveries/999999/retry`).expect(404);
  });

  it('sends private incidents only to endpoints that include them', async () => {
    const open = await register('/public-only', { events: ['incident.declared'] });
    const trusted = await register('/with-private', {
      events: ['incident.declared'],
      include_private: true,
    });
    const secret = await declare('Private matter', { private: true });
    const visible = await declare('Public matter');
    await eventually(
      async () =>
        receiver.on('/with-private').length >= 2 && receiver.on('/public-only').length >= 1,
      10_000,
      'the deliveries',
    );
    const ids = (path: string) =>
      receiver.on(path).map((r) => (JSON.parse(r.body) as Body).incident_id);
    expect(ids('/with-private')).toEqual([secret.id, visible.id]);
    expect(ids('/public-only')).toEqual([visible.id]);
    // Deliveries are recorded with the change: none was ever made for the private one.
    expect((await deliveries(open.id)).results.map((d) => d.incident_id)).toEqual([visible.id]);
    expect(verified(trusted.secret, receiver.on('/with-private')[0]).data).toMatchObject({
      private: true,
      report: 'Private matter',
    });
  });
});
