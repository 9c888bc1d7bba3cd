import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Paginated, WebhookDeliveryDto } from '@response/contracts';
import { dataSource } from '../factories/core.js';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import { eventually } from './slack-comms-helpers.js';

/**
 * Without WEBHOOK_ALLOW_PRIVATE, webhooks never reach loopback, private or
 * link-local addresses: such URLs are refused when saved, and a URL that
 * passed the check but resolves inside at delivery time (DNS rebinding) is
 * refused when the connection is made. Jobs run in-process here.
 */
describe('webhooks: SSRF guard', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ redis: false, env: { WEBHOOK_ALLOW_PRIVATE: undefined } });
    api = coreApi(t);
  });

  afterAll(async () => {
    await t?.close();
    await receiver.stop();
  });

  it.each([
    ['the loopback address', () => `${receiver.url}/hook`],
    ['localhost', () => receiver.url.replace('127.0.0.1', 'localhost')],
    ['IPv6 loopback', () => 'http://[::1]:9/hook'],
    ['an IPv4-mapped loopback', () => 'http://[::ffff:127.0.0.1]/hook'],
    ['the cloud metadata address', () => 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', () => 'https://10.20.30.40/hook'],
    ['a decimal loopback', () => 'http://2130706433/hook'],
  ])('refuses %s when an endpoint is saved', async (_what, url) => {
    const res = await api.post('/core/webhooks', { url: url() }).expect(400);
    expect(res.body.errors.url).toMatch(/loopback, private or link-local/);
    expect(res.body.message).not.toMatch(/stack|at \w+ \(/);
  });

  it('refuses such a URL on PATCH too', async () => {
    // A public literal address passes the check without any DNS lookup.
    const created = await api.post('/core/webhooks', { url: 'https://1.1.1.1/hook' }).expect(201);
    const res = await api
      .patch(`/core/webhooks/${created.body.id}`, { url: `${receiver.url}/hook` })
      .expect(400);
    expect(res.body.errors.url).toMatch(/loopback/);
    await api.delete(`/core/webhooks/${created.body.id}`).expect(204);
  });

  it('checks again at delivery time: an address that turned private is never connected to', async () => {
    // As if the names had resolved to a public address when saved and were rebound since.
    const rows: { id: number }[] = await dataSource(t).query(
      `INSERT INTO webhook_endpoint (url, events, include_private, secret)
       VALUES ($1, '{incident.declared}', false, 'whsec_c2VjcmV0'),
              ($2, '{incident.declared}', false, 'whsec_c2VjcmV0')
       RETURNING id`,
      [`${receiver.url}/literal`, `${receiver.url.replace('127.0.0.1', 'localhost')}/by-name`],
    );
    await api.post('/core/incidents', { report: 'Rebound' }).expect(201);
    for (const { id } of rows) {
      const [delivery] = await eventually(
        async () => {
          const page = (await api.get(`/core/webhooks/${id}/deliveries`).expect(200))
            .body as Paginated<WebhookDeliveryDto>;
          return page.results[0]?.status === 'failed' && page.results;
        },
        10_000,
        `the refusal of endpoint ${id}`,
      );
      expect(delivery.attempts).toHaveLength(1);
      expect(delivery.attempts[0]).toMatchObject({ status_code: null });
      expect(delivery.attempts[0].error).toMatch(/loopback, private or link-local/);
    }
    expect(receiver.received).toHaveLength(0);
  });
});
