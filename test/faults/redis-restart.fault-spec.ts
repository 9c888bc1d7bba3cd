import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SEVERITY_TEXT, type IncidentDto, type Severity } from '@response/contracts';
import { execFileSync } from 'node:child_process';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { JobQueue } from '../../libs/response/src/queue/job-queue.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startRedisServer } from '../support/processes.js';
import { slackEnv } from '../support/slack.js';
import {
  blockText,
  core,
  declare,
  eventually,
  headlineMessages,
  REPORTER,
  sleep,
  sql,
} from './helpers.js';

const INCIDENTS = 25;

describe('Redis restarts empty (SHUTDOWN NOSAVE) with a backlog of jobs', () => {
  let slack: FakeSlack;
  let t: TestApp;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.seedUser(REPORTER);
    // A Redis of its own, which this test shuts down.
    redis = await startRedisServer();
    t = await startTestApp({ env: { ...slackEnv(slack.url), REDIS_URL: redis.url } });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
    await slack?.close();
  });

  it('ends with every headline on the latest state within 60 s, none posted twice', async () => {
    // Slack is slow and rate limits posts: jobs pile up waiting and delayed.
    slack.latencyMs = 400;
    slack.setFaults({ rate429: 0.6, rate5xx: 0, retryAfter: 20, methods: ['chat.postMessage'] });
    const ids: number[] = [];
    for (let i = 0; i < INCIDENTS; i++) ids.push(await declare(t.url, `Redis restart ${i}`));
    for (const [n, id] of ids.entries()) {
      const res = await core(t.url, 'PATCH', `/core/incidents/${id}`, {
        severity: String((n % 4) + 1),
      });
      expect(res.status).toBe(200);
    }
    const queue = t.app.get(JobQueue);
    const backlog = await eventually(
      async () => {
        const counts = (await queue.counts()).slack;
        return counts && counts.waiting + counts.delayed >= 10 ? counts : null;
      },
      20_000,
      'a backlog of waiting and delayed jobs',
    );
    expect(backlog.waiting + backlog.delayed).toBeGreaterThanOrEqual(10);

    execFileSync('redis-cli', ['-p', String(redis.port), 'SHUTDOWN', 'NOSAVE']);
    await sleep(3000);
    redis = await startRedisServer(redis.port);
    slack.latencyMs = 0;
    slack.setFaults(null);
    const restarted = Date.now();

    const incidents = await eventually(
      async () => {
        const all: IncidentDto[] = [];
        for (const id of ids) {
          const res = await core<IncidentDto>(t.url, 'GET', `/core/incidents/${id}`);
          const [message, ...more] = headlineMessages(slack, id);
          const severity = SEVERITY_TEXT[res.body.severity as Severity];
          if (!message || more.length > 0) return null;
          if (!blockText(message, 'severity').toLowerCase().includes(severity)) return null;
          all.push(res.body);
        }
        return all;
      },
      60_000,
      'every headline on its incident’s latest state',
    );
    expect(Date.now() - restarted).toBeLessThan(60_000);
    expect(incidents).toHaveLength(INCIDENTS);
    // Nothing left behind, and nothing more arrives.
    await eventually(
      async () =>
        (
          await sql<{ n: number }>(
            t.database.url,
            'SELECT count(*)::int AS n FROM outbox_message WHERE completed_at IS NULL',
          )
        )[0].n === 0,
      30_000,
      'every outbox row completed',
    );
    await sleep(1500);
    for (const id of ids) expect(headlineMessages(slack, id)).toHaveLength(1);
  });
});
