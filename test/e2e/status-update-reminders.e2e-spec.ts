import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SLACK_QUEUE, SlackJob, type IncidentDto } from '@response/contracts';
import Bull from 'bull';
import { DataSource } from 'typeorm';
import { startFakeSlack, type FakeMessage, type FakeSlack } from '../fakes/fake-slack.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { startServerProcess, type ServerProcess } from '../support/processes.js';
import { createTestRedis, type TestRedis } from '../support/redis.js';
import { openSse, type SseEvent } from '../support/sse.js';
import { blockActions, signedPost, slackEnv } from '../support/slack.js';
import {
  getIncident,
  incidentWithChannel,
  People,
  seedPeople,
  settle,
  type SlackTarget,
} from './slack-comms-helpers.js';

const DUE = 'An update for stakeholders is due';
type Button = { action_id: string; value?: string };

/**
 * Update-due reminders with a two-second cadence, run by two worker processes
 * of the built server (and an API process) on one Postgres and one Redis: each
 * due time is reminded of once, whatever the workers race.
 */
describe('Update-due reminders across two worker processes', () => {
  let slack: FakeSlack;
  let database: TestDatabase;
  let redis: TestRedis;
  let api: TestApp;
  let h: SlackTarget;
  const workers: ServerProcess[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    seedPeople(slack);
    database = await createTestDatabase();
    redis = await createTestRedis();
    const env = {
      ...slackEnv(slack.url),
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      SITE_URL: 'http://response.test',
      STATUS_UPDATE_CADENCE: '1=2s',
    };
    // The API in this process (it migrates the database first), the workers as production runs them.
    api = await startTestApp({ database, env: { ...env, ROLE: 'api' } });
    h = { slack, t: api };
    workers.push(
      ...(await Promise.all(
        [1, 2].map(() => startServerProcess({ ...env, ROLE: 'worker', LOG_LEVEL: 'warn' })),
      )),
    );
  });
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await api?.close();
    await redis?.release();
    await database?.drop();
    await slack?.close();
  });

  const reminders = (channel: string): FakeMessage[] =>
    slack.messages(channel).filter((m) => m.bot_id && m.text.includes(DUE));
  const buttonsOf = (message: FakeMessage): Button[] =>
    ((message.blocks ?? []) as { elements?: Button[] }[]).flatMap((b) => b.elements ?? []);

  /** Extra scans on whichever worker takes them, racing the scheduled ones. */
  async function raceScans(count: number, whilePaused?: () => Promise<void>): Promise<void> {
    const queue = new Bull(SLACK_QUEUE, redis.url, { prefix: 'response' });
    try {
      // Paused for every worker: the scans queue up, then start together on both.
      if (whilePaused) await queue.pause();
      await Promise.all(
        Array.from({ length: count }, () =>
          queue.add(SlackJob.StatusUpdateReminders, {}, { removeOnComplete: true }),
        ),
      );
      if (whilePaused) {
        await whilePaused();
        await queue.resume();
      }
    } finally {
      await queue.close();
    }
  }

  let incident: IncidentDto;
  let channel: string;

  it('reminds the lead in the comms channel once per due time, with Post update and Snooze', async () => {
    // Major (30 minutes) while its channel is made; then critical, two seconds, long overdue.
    ({ incident, channel } = await incidentWithChannel(h, {
      report: 'Replication lag',
      severity: '2',
      lead: { external_id: People.lead.id },
    }));
    await raceScans(16, async () => {
      incident = (
        await coreApi(api).patch(`/core/incidents/${incident.id}`, { severity: '1' }).expect(200)
      ).body as IncidentDto;
      // Until two seconds after the declaration have passed.
      const wait = Date.parse(incident.next_update_due!) - Date.now() + 100;
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    });
    const [reminder] = await slack.waitFor(
      () => (reminders(channel).length ? reminders(channel) : null),
      15_000,
      'the update-due reminder',
    );
    await raceScans(12);
    await settle(3000); // scans every second on both workers, and the raced ones
    expect(reminders(channel)).toHaveLength(1);
    expect(reminder.text).toContain(`<@${People.lead.id}> ${DUE}`);
    expect(buttonsOf(reminder)).toEqual([
      expect.objectContaining({
        action_id: 'post-status-update-button',
        value: String(incident.id),
      }),
      expect.objectContaining({ action_id: 'snooze-status-update-15m' }),
      expect.objectContaining({ action_id: 'snooze-status-update-30m' }),
      expect.objectContaining({ action_id: 'snooze-status-update-1h' }),
    ]);
    const due = (await getIncident(api, incident.id)).next_update_due!;
    expect(Date.parse(due)).toBe(Date.parse(incident.report_time) + 2000);
    const db = api.app.get(DataSource);
    const [clock]: { reminded_due: Date }[] = await db.query(
      `SELECT reminded_due FROM update_clock WHERE incident_id = $1`,
      [incident.id],
    );
    expect(clock.reminded_due.toISOString()).toBe(due);
    // Claimed once: one message recorded, not one per racing scan.
    const recorded: unknown[] = await db.query(`SELECT id FROM outbox_message WHERE key = $1`, [
      `call:update-due:${incident.id}:${Date.parse(due)}`,
    ]);
    expect(recorded).toHaveLength(1);
  });

  it('Snooze moves next_update_due, live, and says so in place of the reminder; an update restarts the clock', async () => {
    const [reminder] = reminders(channel);
    const basic = Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64');
    const live = await openSse(`${api.url}/core/incidents/${incident.id}/stream`, {
      authorization: `Basic ${basic}`,
    });
    const dueIn = (event: SseEvent) =>
      event.event === 'incident'
        ? Date.parse((JSON.parse(event.data) as IncidentDto).next_update_due ?? '') - Date.now()
        : NaN;
    const before = Date.now();
    const click = await signedPost(
      api.http,
      '/slack/action',
      blockActions({
        actionId: 'snooze-status-update-15m',
        value: String(incident.id),
        userId: People.lead.id,
        channelId: channel,
        messageTs: reminder.ts,
      }),
    );
    expect(click.status).toBe(200);
    const due = Date.parse((await getIncident(api, incident.id)).next_update_due!);
    expect(due).toBeGreaterThanOrEqual(before + 15 * 60_000);
    expect(due).toBeLessThanOrEqual(Date.now() + 15 * 60_000);
    // Open docs hear of it at once.
    await live.next((event) => dueIn(event) > 14 * 60_000, 10_000, 'the snoozed due time');
    live.close();
    await slack.waitFor(
      () => reminder.text.startsWith(':zzz:'),
      10_000,
      'the reminder replaced by the snooze',
    );
    expect(reminder.text).toContain(`<@${People.lead.id}> snoozed`);
    expect(buttonsOf(reminder)).toEqual([]);
    await raceScans(6);
    await settle(2500);
    expect(reminders(channel)).toHaveLength(0);

    // An update ends the snooze: the next is due two seconds after it, and reminded of once.
    const posted = await coreApi(api)
      .post(`/core/incidents/${incident.id}/updates`, { text: 'Replica caught up' })
      .expect(201);
    const after = await getIncident(api, incident.id);
    expect(Date.parse(after.next_update_due!)).toBe(Date.parse(posted.body.posted_at) + 2000);
    await raceScans(12);
    await slack.waitFor(() => reminders(channel).length === 1, 15_000, 'the next reminder');
    await raceScans(6);
    await settle(2500);
    expect(reminders(channel)).toHaveLength(1);
  });
});
