import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { TimelineEntryDto } from '@response/contracts';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { coreApi } from '../support/core-api.js';
import { headlineClick, signedPost } from '../support/slack.js';
import {
  declare,
  eventually,
  getIncident,
  incidentWithChannel,
  mention,
  People,
  reactedWith,
  seedPeople,
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

const CLOSED = 'This incident has been closed! 📖 ⟶ 📕';

describe('Close flow', () => {
  let h: CommsHarness;

  beforeAll(async () => {
    h = await startCommsApp();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.slack.reset();
    seedPeople(h.slack);
  });

  // Delivered messages, as they are in the fake Slack (failed attempts are recorded calls, not messages).
  const closedMessages = (channel: string): FakeMessage[] =>
    h.slack.messages(channel).filter((m) => m.text === CLOSED);
  const reportDms = (user: string, incidentId: number): FakeMessage[] => {
    const im = h.slack.channelByName(user);
    const text = `👋 Don't forget to fill out an incident report here: ${h.t.url}/incident/${incidentId}/`;
    return im?.is_im ? h.slack.messages(im.id).filter((m) => m.text === text) : [];
  };

  /** The texts of the incident's "closed" timeline entries. */
  async function closedEntries(
    incidentId: number,
    field: 'text' | 'text_ui' = 'text',
  ): Promise<string[]> {
    const res = await coreApi(h.t).get(`/core/incidents/${incidentId}/timeline/events`).expect(200);
    return (res.body.results as TimelineEntryDto[])
      .filter((e) => e.metadata?.update_type === 'incident_closed')
      .map((e) => e[field]);
  }

  /** Waits for the channel message and the DM, then checks that each came exactly once. */
  async function expectCloseFlowOnce(
    channel: string | null,
    dmTo: string,
    incidentId: number,
  ): Promise<void> {
    await h.slack.waitFor(
      () =>
        (channel === null || closedMessages(channel).length > 0) &&
        reportDms(dmTo, incidentId).length > 0,
      10_000,
      'close flow',
    );
    await settle();
    if (channel) expect(closedMessages(channel)).toHaveLength(1);
    expect(reportDms(dmTo, incidentId)).toHaveLength(1);
  }

  it('from the Close button: channel message and a DM to the lead, once even on a double click', async () => {
    const { incident, channel } = await incidentWithChannel(h, {
      lead: { external_id: People.lead.id },
    });
    const body = await headlineClick(h.slack, incident.id, {
      actionId: 'close-incident-button',
      userId: People.lead.id,
    });
    const click = () => signedPost(h.t.http, '/slack/action', body);
    const [a, b] = await Promise.all([click(), click()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect((await getIncident(h.t, incident.id)).is_closed).toBe(true);
    await expectCloseFlowOnce(channel, People.lead.id, incident.id);
    expect(reportDms(People.reporter.id, incident.id)).toHaveLength(0);
    // The timeline says who closed it, once.
    expect(await closedEntries(incident.id)).toEqual(['Incident closed by lee']);
  });

  it('from `@incident close`: the reporter gets the DM when there is no lead', async () => {
    const { incident, channel } = await incidentWithChannel(h);
    const ts = await mention(h, channel, 'close', People.alice.id);
    await reactedWith(h, channel, ts, 'white_check_mark');
    await expectCloseFlowOnce(channel, People.reporter.id, incident.id);
    // Someone not known here before is named by a mention, shown as their name once Slack says it.
    expect(await closedEntries(incident.id)).toEqual([`Incident closed by <@${People.alice.id}>`]);
    await eventually(
      async () => (await closedEntries(incident.id, 'text_ui'))[0] === 'Incident closed by @alice',
      10_000,
      "alice's name on the timeline",
    );
  });

  it('from PATCH /core/incidents/:id {end_time}: message and DM exactly once, also when patched again', async () => {
    const { incident, channel } = await incidentWithChannel(h, {
      lead: { external_id: People.lead.id },
    });
    const endTime = new Date().toISOString();
    await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { end_time: endTime }).expect(200);
    await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { end_time: endTime }).expect(200);
    await coreApi(h.t)
      .patch(`/core/incidents/${incident.id}`, { summary: 'Written after closing' })
      .expect(200);
    await expectCloseFlowOnce(channel, People.lead.id, incident.id);
  });

  it('goes in order: the headline shows the close, then the channel is told, then the DM', async () => {
    const { incident, channel } = await incidentWithChannel(h, {
      lead: { external_id: People.lead.id },
    });
    await settle(500);
    h.slack.methodLatencyMs['chat.update'] = 1500;
    await coreApi(h.t)
      .patch(`/core/incidents/${incident.id}`, { end_time: new Date().toISOString() })
      .expect(200);
    await expectCloseFlowOnce(channel, People.lead.id, incident.id);
    const headline = h.slack
      .calls('chat.update')
      .find((c) => JSON.stringify(c.args.blocks ?? '').includes('Resolved'));
    expect(headline).toBeDefined();
    const posts = h.slack.calls('chat.postMessage');
    const told = posts.find((c) => c.args.channel === channel && c.args.text === CLOSED)!;
    const dm = posts.find((c) => String(c.args.text).startsWith("👋 Don't forget"))!;
    // The update is answered 1.5 s after it arrives; the channel message waits for that answer.
    expect(told.at).toBeGreaterThanOrEqual(headline!.at + 1400);
    expect(dm.at).toBeGreaterThan(told.at);
  });

  it('without a comms channel only the DM is sent', async () => {
    const incident = await declare(h.t, { lead: { external_id: People.lead.id } });
    await coreApi(h.t)
      .patch(`/core/incidents/${incident.id}`, { end_time: new Date().toISOString() })
      .expect(200);
    await expectCloseFlowOnce(null, People.lead.id, incident.id);
    expect(h.slack.calls('chat.postMessage').filter((c) => c.args.text === CLOSED)).toHaveLength(0);
  });

  it('a Slack failure delays the messages but never duplicates them', async () => {
    const { incident, channel } = await incidentWithChannel(h, {
      lead: { external_id: People.lead.id },
    });
    h.slack.failNext('chat.postMessage', { status: 503 }, 2);
    h.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
    await coreApi(h.t)
      .patch(`/core/incidents/${incident.id}`, { end_time: new Date().toISOString() })
      .expect(200);
    await expectCloseFlowOnce(channel, People.lead.id, incident.id);
    // Three failed tries were made and retried.
    expect(
      h.slack
        .calls('chat.postMessage')
        .filter((c) => c.args.text === CLOSED || c.args.channel === People.lead.id).length,
    ).toBeGreaterThan(2);
  });
});
