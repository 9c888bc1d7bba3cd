import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';

const TOKEN = 'metrics-token-0123456789';

describe('GET /metrics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { METRICS_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a scrape without credentials', async () => {
    const res = await t.http().get('/metrics').expect(401);
    expect(res.body.message).toMatch(/METRICS_TOKEN/);
  });

  it('refuses a wrong token', async () => {
    await t
      .http()
      .get('/metrics')
      .set('Authorization', 'Bearer wrong-token-0123456789')
      .expect(401);
  });

  it('serves Prometheus text with route latency, queue depth and outbox lag', async () => {
    await t.http().get('/healthz').expect(200);
    const res = await t.http().get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toMatch(
      /response_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/,
    );
    expect(res.text).toContain('response_outbox_lag_seconds 0');
    expect(res.text).toContain('# TYPE response_queue_jobs gauge');
  });
});
