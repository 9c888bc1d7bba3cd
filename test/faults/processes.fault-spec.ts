import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { SLACK_QUEUE, SlackJob, type IncidentDto } from '@response/contracts';
import Bull from 'bull';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { ADMIN } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startRedisServer, startServerProcess, type ServerProcess } from '../support/processes.js';
import { slackEnv } from '../support/slack.js';
import {
  blockText,
  core,
  declare,
  eventually,
  headlineMessages,
  headlinePosts,
  REPORTER,
  sleep,
  sql,
} from './helpers.js';

/**
 * The built server run as production runs it: separate API and worker
 * processes on one Postgres database and one Redis.
 */
describe('separate server processes', () => {
  let slack: FakeSlack;
  let redis: Awaited<ReturnType<typeof startRedisServer>>;
  let database: TestDatabase;
  let env: Record<string, string | undefined>;
  const processes: ServerProcess[] = [];

  const start = async (role: 'api' | 'worker') => {
    const proc = await startServerProcess({ ...env, ROLE: role, LOG_LEVEL: 'warn' });
    processes.push(proc);
    return proc;
  };

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.seedUser(REPORTER);
    redis = await startRedisServer();
    database = await createTestDatabase();
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      SITE_URL: 'http://response.test',
      ...slackEnv(slack.url),
    };
  });
  afterEach(async () => {
    await Promise.all(processes.splice(0).map((proc) => proc.stop('SIGKILL')));
    slack.reset();
    slack.seedUser(REPORTER);
  });
  afterAll(async () => {
    await Promise.all(processes.map((proc) => proc.stop('SIGKILL')));
    await database?.drop();
    await redis?.stop();
    await slack?.close();
  });

  it('a worker killed (SIGKILL) in the middle of a job: after a restart the work completes, once', async () => {
    const api = await start('api');
    let worker = await start('worker');
    const id = await declare(api.url, 'Worker dies mid-job');
    await slack.waitFor(() => headlineMessages(slack, id)[0], 15_000, 'headline post');
    const ts = headlineMessages(slack, id)[0].ts;

    // Slack is slow on chat.update: the refresh job is in flight when the worker dies.
    slack.methodLatencyMs['chat.update'] = 10_000;
    expect((await core(api.url, 'PATCH', `/core/incidents/${id}`, { severity: '1' })).status).toBe(
      200,
    );
    await slack.waitFor(
      () => slack.calls('chat.update').find((call) => call.args.ts === ts),
      15_000,
      'chat.update in flight',
    );
    expect(await worker.stop('SIGKILL')).toBeNull();
    const [killed] = await sql<{ rendered_version: number }>(
      database.url,
      'SELECT rendered_version FROM headline_post WHERE incident_id = $1',
      [id],
    );
    const [incident] = await sql<{ version: number }>(
      database.url,
      'SELECT version FROM incident WHERE id = $1',
      [id],
    );
    expect(killed.rendered_version).toBeLessThan(incident.version); // the job did not finish
    slack.methodLatencyMs = {};
    const updatesBefore = slack.calls('chat.update').length;

    worker = await start('worker');
    const [done] = await eventually(
      async () => {
        const rows = await sql<{ rendered_version: number }>(
          database.url,
          'SELECT rendered_version FROM headline_post WHERE incident_id = $1',
          [id],
        );
        return rows[0]?.rendered_version === incident.version ? rows : null;
      },
      45_000,
      'the refresh to be taken up again by the new worker',
    );
    expect(done.rendered_version).toBe(incident.version);
    await sleep(2000);
    // Taken up once: one more chat.update, the headline shows the change, and nothing was posted twice.
    expect(slack.calls('chat.update').length - updatesBefore).toBe(1);
    expect(blockText(headlineMessages(slack, id)[0], 'severity')).toContain('Critical');
    expect(headlinePosts(slack, id)).toHaveLength(1);
    const queue = new Bull(SLACK_QUEUE, redis.url, { prefix: 'response' });
    try {
      const counts = await queue.getJobCounts();
      expect(counts.active + counts.failed + counts.waiting).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('two API and two worker processes: headline updates and reminders happen once', async () => {
    const apis = [await start('api'), await start('api')];
    await start('worker');
    await start('worker');

    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push(await declare(apis[i % 2].url, `Two of everything ${i}`));
    for (const [i, id] of ids.entries()) {
      // Alternate API processes, so the two relays race for the outbox rows.
      expect(
        (await core(apis[(i + 1) % 2].url, 'PATCH', `/core/incidents/${id}`, { severity: '2' }))
          .status,
      ).toBe(200);
      expect(
        (await core(apis[i % 2].url, 'PATCH', `/core/incidents/${id}`, { summary: `summary ${i}` }))
          .status,
      ).toBe(200);
    }
    // Every headline goes to one channel, paced at one post a second across all processes:
    // ten posts and up to twenty updates take about half a minute.
    await slack.waitFor(
      () =>
        ids.every((id) => blockText(headlineMessages(slack, id)[0], 'severity').includes('Major')),
      60_000,
      'every headline updated',
    );
    await sleep(2000);
    for (const id of ids) {
      expect(headlinePosts(slack, id)).toHaveLength(1);
      const ts = headlineMessages(slack, id)[0].ts;
      // Two changes after the declaration, so at most two updates: one when both are rendered
      // together, none when the post waited for its turn long enough to show them already.
      const updates = slack.calls('chat.update').filter((call) => call.args.ts === ts);
      expect(updates.length).toBeLessThanOrEqual(2);
    }

    // A reminder that is due: an open incident with a comms channel, no lead and no severity, reported 10 minutes ago.
    const dueId = ids[0];
    await sql(
      database.url,
      `UPDATE incident SET report_time = now() - interval '10 minutes', severity = NULL, lead_id = NULL WHERE id = $1`,
      [dueId],
    );
    await sql(
      database.url,
      `INSERT INTO comms_channel (incident_id, channel_id, channel_name) VALUES ($1, 'CCOMMSDUE', 'inc-due')`,
      [dueId],
    );
    // Many scans at once, spread over both workers, instead of waiting for the 30-second schedule.
    const queue = new Bull(SLACK_QUEUE, redis.url, { prefix: 'response' });
    try {
      await Promise.all(
        Array.from({ length: 12 }, () =>
          queue.add(SlackJob.Reminders, {}, { removeOnComplete: true }),
        ),
      );
      await slack.waitFor(
        () => slack.messages('CCOMMSDUE').length >= 2,
        20_000,
        'the two reminders',
      );
      await sleep(3000);
      await Promise.all(
        Array.from({ length: 6 }, () =>
          queue.add(SlackJob.Reminders, {}, { removeOnComplete: true }),
        ),
      );
      await sleep(3000);
    } finally {
      await queue.close();
    }
    const posted = slack.messages('CCOMMSDUE').map((m) => m.text);
    expect(posted.filter((text) => /no lead yet/.test(text))).toHaveLength(1);
    expect(posted.filter((text) => /no severity yet/.test(text))).toHaveLength(1);
    expect(posted).toHaveLength(2);
    const claims = await sql<{ key: string; repeat_count: number }>(
      database.url,
      'SELECT key, repeat_count FROM notification WHERE incident_id = $1 ORDER BY key',
      [dueId],
    );
    expect(claims).toEqual([
      { key: 'no-lead', repeat_count: 1 },
      { key: 'no-severity', repeat_count: 1 },
    ]);
    const incident = (await core<IncidentDto>(apis[0].url, 'GET', `/core/incidents/${dueId}`)).body;
    expect(incident.severity).toBeNull();
  });
});
