import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { SlackJob, type IncidentDto } from '@response/contracts';
import { DataSource } from 'typeorm';
import { JobQueue } from '../../libs/response/src/queue/job-queue.js';
import { Clock } from '../../libs/response/src/comms/reminders/clock.js';
import { RemindersService } from '../../libs/response/src/comms/reminders/reminders.service.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import { slackEnv } from '../support/slack.js';
import {
  declare,
  incidentWithChannel,
  People,
  seedPeople,
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

const MIN = 60_000;
const NO_LEAD = ':raising_hand: This incident has no lead yet';
const NO_SEVERITY = ':rotating_light: This incident has no severity yet';
const CLOSE = ':alarm_clock: The incident';

/** Sets the clock of every app to `at`. */
function setClock(apps: TestApp[], at: Date): void {
  for (const app of apps) app.app.get(Clock).now = () => new Date(at);
}

/** The next Monday at 10:00 UTC strictly after `from`. */
function nextMondayTen(from: Date): Date {
  const at = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), 10));
  do at.setUTCDate(at.getUTCDate() + 1);
  while (at.getUTCDay() !== 1);
  return at;
}

describe('Reminders', () => {
  let h: CommsHarness;
  let second: TestApp;
  let apps: TestApp[];

  beforeAll(async () => {
    h = await startCommsApp();
    // A second instance (API and worker) on the same Postgres and Redis.
    second = await startTestApp({
      database: h.t.database,
      env: { ...slackEnv(h.slack.url), REDIS_URL: h.t.config.redis.url },
    });
    second.config.app.siteUrl = h.t.url;
    apps = [h.t, second];
  });
  afterAll(async () => {
    await second?.close();
    await h?.close();
  });
  beforeEach(() => {
    h.slack.reset();
    seedPeople(h.slack);
  });

  const inChannel = (channel: string, prefix: string): FakeMessage[] =>
    h.slack.messages(channel).filter((m) => m.text.startsWith(prefix));
  const dmsTo = (user: string, prefix: string): FakeMessage[] => {
    const im = h.slack.channelByName(user);
    return im?.is_im ? h.slack.messages(im.id).filter((m) => m.text.startsWith(prefix)) : [];
  };
  /** Close reminders about one incident (earlier tests' incidents are still open). */
  const closeDms = (user: string, report: string): FakeMessage[] =>
    dmsTo(user, CLOSE).filter((m) => m.text.includes(`*${report}*`));

  /** Both instances scan at once, several times; then the queued messages are given time to arrive. */
  async function scanEverywhere(at: Date, rounds = 3, settleMs = 1200): Promise<number> {
    setClock(apps, at);
    let sent = 0;
    for (let round = 0; round < rounds; round++) {
      const scans = await Promise.all(
        apps.flatMap((app) => [
          app.app.get(RemindersService).scan(),
          app.app.get(RemindersService).scan(),
        ]),
      );
      sent += scans.reduce((sum, scan) => sum + scan.sent.length, 0);
    }
    await settle(settleMs);
    return sent;
  }

  it('no lead and no severity: first after 2 and 5 minutes, repeating, at most 5 each, once across two instances', async () => {
    const { incident, channel } = await incidentWithChannel(h, { report: 'Nobody in charge' });
    const t0 = new Date(incident.report_time).getTime();

    expect(await scanEverywhere(new Date(t0 + 1 * MIN))).toBe(0);
    expect(inChannel(channel, NO_LEAD)).toHaveLength(0);

    // Twelve scans race on two instances: one claims the send.
    expect(await scanEverywhere(new Date(t0 + 2 * MIN))).toBeLessThanOrEqual(1);
    await h.slack.waitFor(
      () => inChannel(channel, NO_LEAD).length === 1,
      10_000,
      'first no-lead reminder',
    );
    expect(inChannel(channel, NO_SEVERITY)).toHaveLength(0);

    // Not again before the interval has passed.
    expect(await scanEverywhere(new Date(t0 + 3 * MIN))).toBe(0);
    expect(inChannel(channel, NO_LEAD)).toHaveLength(1);

    await scanEverywhere(new Date(t0 + 5 * MIN));
    await h.slack.waitFor(
      () =>
        inChannel(channel, NO_LEAD).length === 2 && inChannel(channel, NO_SEVERITY).length === 1,
      10_000,
      'second round',
    );

    for (let minute = 7; minute <= 30; minute += 2)
      await scanEverywhere(new Date(t0 + minute * MIN), 2, 200);
    await h.slack.waitFor(
      () =>
        inChannel(channel, NO_LEAD).length === 5 && inChannel(channel, NO_SEVERITY).length === 5,
      10_000,
      'five each',
    );
    expect(await scanEverywhere(new Date(t0 + 60 * MIN))).toBe(0);
    expect(inChannel(channel, NO_LEAD)).toHaveLength(5);
    expect(inChannel(channel, NO_SEVERITY)).toHaveLength(5);
  });

  it('runs from the queue job that the workers repeat', async () => {
    const { incident, channel } = await incidentWithChannel(h, { report: 'Queued scan' });
    setClock(apps, new Date(new Date(incident.report_time).getTime() + 2 * MIN));
    await h.t.app
      .get(JobQueue)
      .add(SlackJob.Reminders, {}, { jobId: `reminders-now-${incident.id}` });
    await h.slack.waitFor(
      () => inChannel(channel, NO_LEAD).length === 1,
      10_000,
      'reminder from the queued scan',
    );
  });

  it('stops once the lead and severity are set, and never runs for incidents without a channel or closed ones', async () => {
    const { incident, channel } = await incidentWithChannel(h, { report: 'Handled quickly' });
    const t0 = new Date(incident.report_time).getTime();
    await coreApi(h.t)
      .patch(`/core/incidents/${incident.id}`, {
        lead: { external_id: People.lead.id },
        severity: '3',
      })
      .expect(200);
    const noChannel = await declare(h.t, { report: 'No channel here' });
    const { incident: closed, channel: closedChannel } = await incidentWithChannel(h, {
      report: 'Closed already',
    });
    await coreApi(h.t)
      .patch(`/core/incidents/${closed.id}`, { end_time: new Date().toISOString() })
      .expect(200);

    await scanEverywhere(new Date(t0 + 30 * MIN));
    expect(inChannel(channel, NO_LEAD)).toHaveLength(0);
    expect(inChannel(channel, NO_SEVERITY)).toHaveLength(0);
    expect(inChannel(closedChannel, NO_LEAD)).toHaveLength(0);
    expect(inChannel(closedChannel, NO_SEVERITY)).toHaveLength(0);
    // Reminders went only to comms channels (earlier tests' incidents are still open).
    const reminded = h.slack
      .calls('chat.postMessage')
      .filter((c) =>
        [NO_LEAD, NO_SEVERITY].some((prefix) => String(c.args.text).startsWith(prefix)),
      );
    expect(reminded.length).toBeGreaterThan(0);
    for (const call of reminded) expect(String(call.args.channel)).toMatch(/^C/);
    expect(noChannel.comms_channel).toBeNull();
    const claimed: unknown[] = await h.t.app
      .get(DataSource)
      .query(`SELECT key FROM notification WHERE incident_id = ANY($1)`, [
        [noChannel.id, closed.id, incident.id],
      ]);
    expect(claimed).toEqual([]);
  });

  it('close reminder: a DM to the lead (or reporter) daily after 24 hours, on weekdays from 09:00 to 18:00', async () => {
    const { incident, channel } = await incidentWithChannel(h, {
      report: 'Lingering',
      severity: '4',
    });
    const withLead = (
      await coreApi(h.t)
        .patch(`/core/incidents/${incident.id}`, { lead: { external_id: People.lead.id } })
        .expect(200)
    ).body as IncidentDto;
    const t0 = new Date(withLead.report_time);
    const monday = nextMondayTen(new Date(t0.getTime() + 24 * 60 * MIN));

    // Within 24 hours: nothing.
    await scanEverywhere(new Date(t0.getTime() + 23 * 60 * MIN));
    // Past 24 hours but on a Sunday, and on Monday before 09:00: nothing.
    const sunday = new Date(monday.getTime() - 24 * 60 * MIN);
    await scanEverywhere(sunday);
    await scanEverywhere(new Date(monday.getTime() - 2 * 60 * MIN));
    expect(closeDms(People.lead.id, 'Lingering')).toHaveLength(0);

    await scanEverywhere(monday);
    await h.slack.waitFor(
      () => closeDms(People.lead.id, 'Lingering').length === 1,
      10_000,
      'close reminder',
    );
    const dm = closeDms(People.lead.id, 'Lingering')[0];
    expect(dm.text).toContain('*Lingering*');
    expect(dm.text).toContain(`<#${channel}>`);
    const buttons = (dm.blocks as { elements?: { action_id: string; value: string }[] }[]).flatMap(
      (b) => b.elements ?? [],
    );
    expect(buttons).toEqual([
      expect.objectContaining({ action_id: 'close-incident-button', value: String(incident.id) }),
    ]);
    expect(closeDms(People.reporter.id, 'Lingering')).toHaveLength(0);

    // Later the same day: nothing. Next day (Tuesday 10:00): the second one. Tuesday 19:00 a day later: outside hours.
    await scanEverywhere(new Date(monday.getTime() + 5 * 60 * MIN));
    await scanEverywhere(new Date(monday.getTime() + 24 * 60 * MIN));
    await h.slack.waitFor(
      () => closeDms(People.lead.id, 'Lingering').length === 2,
      10_000,
      'second close reminder',
    );
    await scanEverywhere(new Date(monday.getTime() + (24 + 24 + 9) * 60 * MIN));
    expect(closeDms(People.lead.id, 'Lingering')).toHaveLength(2);
    expect(inChannel(channel, CLOSE)).toHaveLength(0);
  });
});
