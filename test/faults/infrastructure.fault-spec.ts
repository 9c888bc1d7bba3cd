import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto, Paginated } from '@response/contracts';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { ADMIN_DATABASE_URL } from '../support/database.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startRedisServer } from '../support/processes.js';
import { slackEnv } from '../support/slack.js';
import {
  core,
  declare,
  eventually,
  headlineMessages,
  headlinePosts,
  REPORTER,
  sleep,
  sql,
} from './helpers.js';

describe('Redis goes away while incidents are declared', () => {
  let slack: FakeSlack;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.seedUser(REPORTER);
    redis = await startRedisServer();
    t = await startTestApp({ env: { ...slackEnv(slack.url), REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
    await slack?.close();
  });

  it('the API answers 201 quickly, nothing is lost, and Slack catches up once Redis is back', async () => {
    const before = await declare(t.url, 'Declared while Redis is up');
    await slack.waitFor(() => headlineMessages(slack, before)[0], 10_000, 'first headline');

    await redis.stop();
    const ids: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await core<IncidentDto>(t.url, 'POST', '/core/incidents', {
        report: `Declared without Redis ${i}`,
        reporter: { external_id: REPORTER.id },
      });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
      times.push(res.ms);
      if (i % 5 === 0)
        expect(
          (await core(t.url, 'PATCH', `/core/incidents/${res.body.id}`, { severity: '2' })).status,
        ).toBe(200);
    }
    expect(Math.max(...times)).toBeLessThan(1000);
    const list = await core<Paginated<IncidentDto>>(t.url, 'GET', '/core/incidents?limit=100');
    expect(list.status).toBe(200);
    expect(list.body.count).toBe(21);
    // The side effects wait in the outbox.
    const waiting = await sql<{ n: number }>(
      t.database.url,
      'SELECT count(*)::int AS n FROM outbox_message WHERE dispatched_at IS NULL',
    );
    expect(waiting[0].n).toBeGreaterThanOrEqual(ids.length);
    await sleep(1500);
    expect(ids.some((id) => headlineMessages(slack, id).length > 0)).toBe(false);

    redis = await startRedisServer(redis.port);
    await slack.waitFor(
      () => ids.every((id) => headlineMessages(slack, id).length === 1),
      60_000,
      'every headline after Redis returned',
    );
    await eventually(
      async () =>
        (
          await sql<{ n: number }>(
            t.database.url,
            'SELECT count(*)::int AS n FROM outbox_message WHERE dispatched_at IS NULL',
          )
        )[0].n === 0,
      20_000,
      'the outbox to drain',
    );
    await sleep(1500);
    for (const id of [before, ...ids]) {
      expect(headlineMessages(slack, id)).toHaveLength(1);
      expect(headlinePosts(slack, id)).toHaveLength(1);
    }
  });
});

describe('Postgres drops every connection of the server', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ redis: false });
  });
  afterAll(async () => {
    await t?.close();
  });

  const dropConnections = async () => {
    const name = new URL(t.database.url).pathname.slice(1);
    const dropped = await sql<{ pg_terminate_backend: boolean }>(
      ADMIN_DATABASE_URL,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    return dropped.length;
  };

  it('recovers without a restart: the next requests succeed', async () => {
    expect(
      (await core(t.url, 'POST', '/core/incidents', { report: 'Before the connections dropped' }))
        .status,
    ).toBe(201);
    expect((await core(t.url, 'GET', '/core/incidents')).status).toBe(200);
    for (let round = 0; round < 3; round++) {
      expect(await dropConnections()).toBeGreaterThan(0);
      await sleep(200);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await core(t.url, 'GET', '/core/incidents')).status);
        statuses.push(
          (await core(t.url, 'POST', '/core/incidents', { report: `After drop ${round}.${i}` }))
            .status,
        );
      }
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    }
    const list = await core<Paginated<IncidentDto>>(t.url, 'GET', '/core/incidents?limit=100');
    expect(list.body.count).toBe(16);
    expect((await core(t.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('fails a request cut off mid-query with a JSON 5xx, never a crash, and serves the next one', async () => {
    const pending = Array.from({ length: 10 }, (_, i) =>
      core(t.url, 'POST', '/core/incidents', { report: `Racing the drop ${i}` }),
    );
    await dropConnections();
    const results = await Promise.all(pending);
    for (const res of results) {
      expect([201, 500, 503]).toContain(res.status);
      if (res.status !== 201) expect(res.body).toMatchObject({ message: expect.any(String) });
    }
    expect((await core(t.url, 'GET', '/core/incidents')).status).toBe(200);
  });
});
