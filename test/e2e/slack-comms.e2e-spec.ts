import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ParticipantDto } from '@response/contracts';
import { CommsChannelService } from '../../libs/response/src/comms/channel/comms-channel.service.js';
import { FAKE_BOT_USER_ID } from '../fakes/fake-slack.js';
import { coreApi } from '../support/core-api.js';
import { events, TEST_INCIDENT_CHANNEL } from '../support/slack.js';
import {
  clickCreateChannel,
  declare,
  eventually,
  getIncident,
  incidentWithChannel,
  mention,
  People,
  reactedWith,
  seedPeople,
  sendEvent,
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

describe('Comms channel', () => {
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

  it('is created with a slugged name, joined, given a topic, people invited and an intro posted', async () => {
    const incident = await declare(h.t, {
      report: 'Card Payments: 50% failing!',
      lead: { external_id: People.lead.id },
    });
    await clickCreateChannel(h, incident.id);
    const channelId = await eventually(
      async () => (await getIncident(h.t, incident.id)).comms_channel?.channel_id,
      10_000,
      'channel',
    );
    const expectedName = `inc-${incident.id}-card-payments-50-failing`;
    expect((await getIncident(h.t, incident.id)).comms_channel).toEqual({
      channel_id: channelId,
      channel_name: expectedName,
    });

    const created = h.slack.calls('conversations.create');
    expect(created).toHaveLength(1);
    expect(created[0].args.name).toBe(expectedName);

    const channel = h.slack.channel(channelId)!;
    await h.slack.waitFor(() => channel.members.has(People.clicker.id), 10_000, 'invites');
    // (The app also joins the incidents channel at startup.)
    expect(
      h.slack
        .calls('conversations.join')
        .map((c) => c.args.channel)
        .filter((id) => id !== TEST_INCIDENT_CHANNEL),
    ).toEqual([channelId]);
    expect(channel.topic).toBe(`Card Payments: 50% failing! - ${h.t.url}/incident/${incident.id}/`);
    expect([...channel.members].sort()).toEqual(
      [FAKE_BOT_USER_ID, People.clicker.id, People.lead.id, People.reporter.id].sort(),
    );

    await h.slack.waitFor(() => h.slack.messages(channelId).length > 0, 10_000, 'intro');
    const intro = h.slack.messages(channelId)[0].text;
    expect(intro).toContain('Card Payments: 50% failing!');
    expect(intro).toContain(`<@${People.reporter.id}>`);
    expect(intro).toContain(`<@${People.lead.id}>`);
    expect(intro).toContain(`${h.t.url}/incident/${incident.id}/`);
  });

  it('adds a suffix when the name is taken', async () => {
    const incident = await declare(h.t, { report: 'Search is slow' });
    h.slack.seedChannel({ name: `inc-${incident.id}-search-is-slow` });
    h.slack.seedChannel({ name: `inc-${incident.id}-search-is-slow-2` });
    await clickCreateChannel(h, incident.id);
    const stored = await eventually(
      async () => (await getIncident(h.t, incident.id)).comms_channel,
      10_000,
      'channel',
    );
    expect(stored.channel_name).toBe(`inc-${incident.id}-search-is-slow-3`);
    expect(h.slack.calls('conversations.create').map((c) => c.args.name)).toEqual([
      `inc-${incident.id}-search-is-slow`,
      `inc-${incident.id}-search-is-slow-2`,
      `inc-${incident.id}-search-is-slow-3`,
    ]);
    expect(h.slack.channelByName(stored.channel_name)?.id).toBe(stored.channel_id);
  });

  it('makes one channel, one intro and one set of invites on a double click', async () => {
    const incident = await declare(h.t, { report: 'Double trouble' });
    await Promise.all([
      clickCreateChannel(h, incident.id),
      clickCreateChannel(h, incident.id, People.alice.id),
    ]);
    await clickCreateChannel(h, incident.id);
    const channelId = await eventually(
      async () => (await getIncident(h.t, incident.id)).comms_channel?.channel_id,
      10_000,
      'channel',
    );
    await h.slack.waitFor(() => h.slack.messages(channelId).length > 0, 10_000, 'intro');
    await settle();
    expect(h.slack.calls('conversations.create')).toHaveLength(1);
    expect(h.slack.messages(channelId)).toHaveLength(1);
    // Both people who clicked are in the channel.
    const members = h.slack.channel(channelId)!.members;
    expect(members.has(People.clicker.id)).toBe(true);
    expect(members.has(People.alice.id)).toBe(true);
    // Once the channel exists, another click finds it: no second round of set-up, the clicker is invited.
    await clickCreateChannel(h, incident.id, People.lead.id);
    await h.slack.waitFor(() => members.has(People.lead.id), 10_000, 'late clicker invited');
    await settle();
    expect(h.slack.calls('conversations.create')).toHaveLength(1);
    // (A job of the previous test may still be finishing: only this channel's calls count.)
    expect(
      h.slack.calls('conversations.setTopic').filter((call) => call.args.channel === channelId),
    ).toHaveLength(1);
    expect(h.slack.messages(channelId)).toHaveLength(1);
  });

  it('tells the clicker when creation failed for good, and a later click tries again', async () => {
    const incident = await declare(h.t, { report: 'Refused once' });
    h.slack.failNext('conversations.create', { error: 'restricted_action' });
    await clickCreateChannel(h, incident.id);
    const notice = await h.slack.waitFor(
      () =>
        h.slack
          .calls('chat.postEphemeral')
          .find((call) => String(call.args.text).includes("couldn't create the comms channel")),
      10_000,
      'failure notice',
    );
    expect(notice.args).toMatchObject({ channel: 'CINCIDENTS', user: People.clicker.id });
    expect(String(notice.args.text)).toContain('restricted_action');
    expect((await getIncident(h.t, incident.id)).comms_channel).toBeFalsy();

    await clickCreateChannel(h, incident.id);
    const channelId = await eventually(
      async () => (await getIncident(h.t, incident.id)).comms_channel?.channel_id,
      10_000,
      'channel after a second click',
    );
    expect(h.slack.calls('conversations.create')).toHaveLength(2);
    await h.slack.waitFor(() => h.slack.messages(channelId).length > 0, 10_000, 'intro');
  });

  it('makes one channel when two workers create it at the same time', async () => {
    const incident = await declare(h.t, { report: 'Racing workers' });
    const comms = h.t.app.get(CommsChannelService);
    h.slack.latencyMs = 100;
    const [a, b] = await Promise.all([
      comms.createChannel(incident.id, People.alice.id),
      comms.createChannel(incident.id, People.alice.id),
    ]);
    expect(a?.channelId).toBeTruthy();
    expect(b?.channelId).toBe(a?.channelId);
    expect(h.slack.calls('conversations.create')).toHaveLength(1);
    await h.slack.waitFor(() => h.slack.messages(a!.channelId).length > 0, 10_000, 'intro');
    await settle();
    expect(h.slack.messages(a!.channelId)).toHaveLength(1);
  });

  it('a job retried after Slack failures finishes the set-up without a second channel or intro', async () => {
    const incident = await declare(h.t, {
      report: 'Flaky Slack',
      lead: { external_id: People.lead.id },
    });
    h.slack.failNext('conversations.create', { status: 429, retryAfter: 0 });
    h.slack.failNext('conversations.invite', { status: 503 }, 2);
    await clickCreateChannel(h, incident.id);
    const channelId = await eventually(
      async () => (await getIncident(h.t, incident.id)).comms_channel?.channel_id,
      15_000,
      'channel',
    );
    const channel = h.slack.channel(channelId)!;
    await h.slack.waitFor(
      () =>
        [People.reporter.id, People.lead.id, People.clicker.id].every((id) =>
          channel.members.has(id),
        ),
      15_000,
      'invites after retries',
    );
    await h.slack.waitFor(() => h.slack.messages(channelId).length > 0, 10_000, 'intro');
    await settle();
    // Two tries of conversations.create (one rate limited), one channel, one intro.
    expect(h.slack.calls('conversations.create')).toHaveLength(2);
    expect(h.slack.channelByName(`inc-${incident.id}-flaky-slack`)?.id).toBe(channelId);
    expect(h.slack.messages(channelId)).toHaveLength(1);
    expect(channel.topic).toContain('Flaky Slack');
  });

  it('renames the channel with `@incident rename`, and reports a refusal in the channel', async () => {
    const { channel } = await incidentWithChannel(h, { report: 'Rename me' });
    const ts = await mention(h, channel, 'rename Card Payments Outage');
    await reactedWith(h, channel, ts, 'white_check_mark');
    expect(h.slack.calls('conversations.rename').at(-1)?.args).toMatchObject({
      channel,
      name: 'inc-card-payments-outage',
    });
    expect(h.slack.channel(channel)?.name).toBe('inc-card-payments-outage');
    const id = (await coreApi(h.t).get('/core/incidents?limit=1').expect(200)).body.results[0]
      .id as number;
    expect((await getIncident(h.t, id)).comms_channel?.channel_name).toBe(
      'inc-card-payments-outage',
    );

    // Typing the prefix does not double it.
    const again = await mention(h, channel, 'rename inc-Checkout Outage');
    await reactedWith(h, channel, again, 'white_check_mark');
    expect(h.slack.channel(channel)?.name).toBe('inc-checkout-outage');

    // Another channel holds the name: Slack says name_taken.
    h.slack.seedChannel({ name: 'inc-taken-name' });
    const refused = await mention(h, channel, 'rename taken name');
    const reactions = await reactedWith(h, channel, refused, 'question');
    expect(reactions).not.toContain('white_check_mark');
    await h.slack.waitFor(
      () =>
        h.slack
          .messages(channel)
          .some((m) => m.text.includes("couldn't rename this channel to `inc-taken-name`")),
      10_000,
      'refusal message',
    );
    expect(h.slack.channel(channel)?.name).toBe('inc-checkout-outage');
  });

  it('names the channel and sets the topic from the text as typed, not its HTML entities', async () => {
    const incident = await declare(h.t, { report: 'Card & payments <failing>' });
    await clickCreateChannel(h, incident.id);
    const channelId = await eventually(
      async () => (await getIncident(h.t, incident.id)).comms_channel?.channel_id,
      10_000,
      'channel',
    );
    const channel = h.slack.channel(channelId)!;
    expect(channel.name).toBe(`inc-${incident.id}-card-payments-failing`);
    await h.slack.waitFor(() => h.slack.messages(channelId).length > 0, 10_000, 'intro');
    // Slack reads a topic like message text: escaped once, it shows as typed.
    expect(channel.topic).toBe(
      `Card &amp; payments &lt;failing&gt; - ${h.t.url}/incident/${incident.id}/`,
    );
    expect(h.slack.messages(channelId)[0].text).toContain('*Card &amp; payments &lt;failing&gt;*');
    const headline = await h.slack.waitFor(
      () =>
        h.slack
          .calls()
          .filter((call) => call.method === 'chat.update' || call.method === 'chat.postMessage')
          .find((call) => JSON.stringify(call.args.blocks ?? '').includes(`<#${channelId}>`)),
      10_000,
      'headline with the channel',
    );
    expect(JSON.stringify(headline.args.blocks)).toContain('*Card &amp; payments &lt;failing&gt;*');
    expect(JSON.stringify(headline.args)).not.toContain('&amp;amp;');

    // Slack delivers `R&D` in a message as `R&amp;D`.
    const ts = await mention(h, channelId, 'rename R&amp;D outage');
    await reactedWith(h, channelId, ts, 'white_check_mark');
    expect(h.slack.channel(channelId)?.name).toBe('inc-r-d-outage');
  });

  it('follows a rename made in Slack (channel_rename)', async () => {
    const { incident, channel } = await incidentWithChannel(h, { report: 'Renamed by hand' });
    await sendEvent(h, events.channelRename({ channel, name: 'inc-renamed-by-hand' }));
    await eventually(
      async () =>
        (await getIncident(h.t, incident.id)).comms_channel?.channel_name === 'inc-renamed-by-hand',
      10_000,
      'rename',
    );
  });

  it('counts messages per person with the time of their first message', async () => {
    const { incident, channel } = await incidentWithChannel(h, { report: 'Chatty incident' });
    const first = 1_700_000_100;
    const messages = [
      { user: People.alice.id, ts: `${first}.000100` },
      { user: People.lead.id, ts: `${first + 5}.000200` },
      { user: People.alice.id, ts: `${first + 10}.000300` },
      { user: People.alice.id, ts: `${first + 20}.000400` },
    ];
    for (const m of messages)
      await sendEvent(h, events.message({ channel, text: 'on it', user: m.user, ts: m.ts }));
    // Not counted: bots, edits, joins, and other channels.
    await sendEvent(
      h,
      events.message({ channel, text: 'beep', user: People.lead.id, botId: 'B0OTHER' }),
    );
    await sendEvent(
      h,
      events.message({ channel, text: 'joined', user: People.lead.id, subtype: 'channel_join' }),
    );
    await sendEvent(
      h,
      events.message({ channel: 'COTHER', text: 'elsewhere', user: People.lead.id }),
    );

    const participants = await eventually(
      async () => {
        const res = await coreApi(h.t)
          .get(`/core/incidents/${incident.id}/participants`)
          .expect(200);
        const list = res.body as ParticipantDto[];
        const total = list.reduce((sum, p) => sum + p.message_count, 0);
        return total >= 4 ? list : null;
      },
      10_000,
      'stats',
    );
    await settle(500);
    const final = (
      await coreApi(h.t).get(`/core/incidents/${incident.id}/participants`).expect(200)
    ).body as ParticipantDto[];
    expect(final).toEqual(participants);
    expect(final.map((p) => [p.user.external_id, p.message_count, p.join_time])).toEqual([
      [People.alice.id, 3, new Date(first * 1000).toISOString()],
      [People.lead.id, 1, new Date((first + 5) * 1000).toISOString()],
    ]);
  });
});
