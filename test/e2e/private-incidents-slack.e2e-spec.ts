import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import {
  sealedMetadata,
  signedPost,
  state,
  TEST_INCIDENT_CHANNEL,
  viewSubmission,
} from '../support/slack.js';
import { coreApi } from '../support/core-api.js';
import {
  declare,
  eventually,
  getIncident,
  mention,
  People,
  reactedWith,
  sendEvent,
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';
import { events } from '../support/slack.js';

/** Private incidents never leak into shared places: their headline lives in their own private channel. */
describe('Private incidents in Slack', () => {
  let h: CommsHarness;

  beforeAll(async () => {
    h = await startCommsApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const sharedPostsAbout = (id: number) =>
    h.slack
      .calls('chat.postMessage')
      .filter(
        (call) =>
          call.args.channel === TEST_INCIDENT_CHANNEL &&
          String(call.args.text ?? '').includes(`#${id}`),
      );

  /** The private channel made for an incident, once its headline is there. */
  async function privateChannelOf(id: number): Promise<string> {
    const channel = await eventually(
      async () => (await getIncident(h.t, id)).comms_channel?.channel_id,
      10_000,
      'private channel',
    );
    await h.slack.waitFor(
      () => h.slack.messages(channel).find((m) => m.text.startsWith(`Incident #${id}:`)),
      10_000,
      'headline in the private channel',
    );
    return channel;
  }

  it('gets a private channel named inc-<id>, a neutral topic, the headline there and none in the shared channel', async () => {
    const incident = await declare(h.t, {
      report: 'Secret acquisition leaked',
      private: true,
      lead: { external_id: People.lead.id },
    });
    const channelId = await privateChannelOf(incident.id);
    const create = h.slack
      .calls('conversations.create')
      .find((call) => call.args.name === `inc-${incident.id}`);
    // The Web API client sends form fields: `true` arrives as text.
    expect(String(create?.args.is_private)).toBe('true');
    const channel = h.slack.channel(channelId)!;
    expect(channel.is_private).toBe(true);
    expect(channel.topic).toBe(`${h.t.url}/incident/${incident.id}/`);
    expect(channel.members.has(People.reporter.id)).toBe(true);
    expect(channel.members.has(People.lead.id)).toBe(true);
    const headline = h.slack
      .messages(channelId)
      .find((m) => m.text.startsWith(`Incident #${incident.id}:`))!;
    const actionIds = (headline.blocks as { type: string; elements?: { action_id: string }[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements!.map((e) => e.action_id));
    expect(actionIds).toEqual([
      'edit-incident-button',
      'post-status-update-button',
      'close-incident-button',
    ]);
    await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { severity: '1' }).expect(200);
    await settle();
    expect(sharedPostsAbout(incident.id)).toEqual([]);
    expect(
      h.slack.calls('chat.update').filter((call) => call.args.channel === TEST_INCIDENT_CHANNEL),
    ).toEqual([]);
  });

  it('can be declared private from the modal', async () => {
    const res = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-report',
        privateMetadata: sealedMetadata({ channel_id: 'CGENERAL' }, People.reporter.id),
        values: {
          report: state.text('Declared private from Slack'),
          private: { type: 'checkboxes', selected_options: [{ value: 'private' }] },
        },
      }),
    );
    expect(res.status).toBe(200);
    const list = (await coreApi(h.t).get('/core/incidents?search=Declared private').expect(200))
      .body as { results: IncidentDto[] };
    const [incident] = list.results;
    expect(incident.private).toBe(true);
    await privateChannelOf(incident.id);
    expect(sharedPostsAbout(incident.id)).toEqual([]);
  });

  it('only an admin makes a public incident private; its shared headline is deleted', async () => {
    const incident = await declare(h.t, { report: 'Became sensitive later' });
    await h.slack.waitFor(() => sharedPostsAbout(incident.id)[0], 10_000, 'shared headline');
    const accounts = h.t.app.get(AccountsService);
    await accounts.create({
      username: 'rosa',
      password: 'responder-password-1',
      role: 'responder',
    });
    await h.t
      .http()
      .patch(`/core/incidents/${incident.id}`)
      .auth('rosa', 'responder-password-1')
      .send({ private: true })
      .expect(403);
    expect((await getIncident(h.t, incident.id)).private).toBe(false);

    await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { private: true }).expect(200);
    await h.slack.waitFor(
      () =>
        h.slack.calls('chat.delete').find((call) => call.args.channel === TEST_INCIDENT_CHANNEL),
      10_000,
      'the shared headline deleted',
    );
    expect(
      h.slack
        .messages(TEST_INCIDENT_CHANNEL)
        .filter((m) => m.text.startsWith(`Incident #${incident.id}:`)),
    ).toEqual([]);
    const channelId = await privateChannelOf(incident.id);
    expect(h.slack.channel(channelId)!.is_private).toBe(true);
    const before = sharedPostsAbout(incident.id).length;
    await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { severity: '2' }).expect(200);
    await settle();
    expect(sharedPostsAbout(incident.id)).toHaveLength(before);
  });

  it('keeps commands, pins and participation working in its private channel', async () => {
    const incident = await declare(h.t, { report: 'Private and busy', private: true });
    const channel = await privateChannelOf(incident.id);
    const ts = await mention(h, channel, 'severity minor');
    await reactedWith(h, channel, ts, 'white_check_mark');
    expect((await getIncident(h.t, incident.id)).severity).toBe('3');

    const message = h.slack.addMessage(channel, {
      text: 'Root cause found',
      user: People.alice.id,
    });
    await sendEvent(h, {
      ...events.message({ text: message.text, user: People.alice.id, channel, ts: message.ts }),
      channel_type: 'group',
    });
    await sendEvent(h, {
      type: 'pin_added',
      user: People.alice.id,
      channel_id: channel,
      item: {
        type: 'message',
        channel,
        message: { ts: message.ts, text: message.text, user: People.alice.id },
      },
      event_ts: message.ts,
    });
    await eventually(
      async () => {
        const entries = (
          await coreApi(h.t).get(`/core/incidents/${incident.id}/timeline/events`).expect(200)
        ).body.results as { text: string }[];
        return entries.some((entry) => entry.text === 'Root cause found');
      },
      10_000,
      'the pin on the timeline',
    );
    const participants = (
      await coreApi(h.t).get(`/core/incidents/${incident.id}/participants`).expect(200)
    ).body as { user: { external_id: string } }[];
    expect(participants.map((p) => p.user.external_id)).toContain(People.alice.id);
  });

  it('is seen by the web account that declared it, and by no other non-admin', async () => {
    const accounts = h.t.app.get(AccountsService);
    await accounts.create({ username: 'wendy', password: 'web-password-1', role: 'responder' });
    await accounts.create({ username: 'otto', password: 'other-password-1', role: 'responder' });
    const created = await h.t
      .http()
      .post('/core/incidents')
      .auth('wendy', 'web-password-1')
      .send({ report: 'Declared privately on the web', private: true })
      .expect(201);
    const id = (created.body as IncidentDto).id;
    await h.t.http().get(`/core/incidents/${id}`).auth('wendy', 'web-password-1').expect(200);
    const mine = await h.t
      .http()
      .get('/core/incidents')
      .auth('wendy', 'web-password-1')
      .expect(200);
    expect((mine.body.results as IncidentDto[]).map((i) => i.id)).toContain(id);
    await h.t.http().get(`/core/incidents/${id}`).auth('otto', 'other-password-1').expect(404);
    const theirs = await h.t
      .http()
      .get('/core/incidents')
      .auth('otto', 'other-password-1')
      .expect(200);
    expect((theirs.body.results as IncidentDto[]).map((i) => i.id)).not.toContain(id);
  });
});
