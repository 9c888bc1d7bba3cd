import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  paginatedSchema,
  statusUpdateDtoSchema,
  type IncidentDto,
  type Paginated,
  type StatusUpdateDto,
  type TimelineEntryDto,
} from '@response/contracts';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { coreApi } from '../support/core-api.js';
import {
  events,
  headlineClick,
  headlineMessage,
  openedMetadata,
  sealedMetadata,
  signedPost,
  state,
  TEST_INCIDENT_CHANNEL,
  viewSubmission,
} from '../support/slack.js';
import {
  declare,
  eventually,
  getIncident,
  incidentWithChannel,
  mention,
  People,
  reactedWith,
  sendEvent,
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

const STAKEHOLDERS = 'C0STAKEHOLDERS';
const VIEWER = { username: 'vicky', password: 'viewer-password-1' };
const OTHER = { username: 'oscar', password: 'responder-password-1' };
const MIN = 60_000;

/**
 * Status updates: three ways to post one (`@incident update`, the headline's
 * Post update modal, `/core`), and the four places each goes (the comms
 * channel, the headline's thread, the stakeholders' channel, the timeline).
 */
describe('Status updates', () => {
  let h: CommsHarness;

  beforeAll(async () => {
    h = await startCommsApp({ env: { INCIDENT_UPDATES_CHANNEL_ID: STAKEHOLDERS } });
    const accounts = h.t.app.get(AccountsService);
    await accounts.create({ ...VIEWER, role: 'viewer' });
    await accounts.create({ ...OTHER, role: 'responder' });
  });
  afterAll(async () => {
    await h?.close();
  });

  const updatesOf = async (id: number, query = ''): Promise<Paginated<StatusUpdateDto>> =>
    (await coreApi(h.t).get(`/core/incidents/${id}/updates${query}`).expect(200))
      .body as Paginated<StatusUpdateDto>;
  const timelineOf = async (id: number): Promise<TimelineEntryDto[]> =>
    (
      (await coreApi(h.t).get(`/core/incidents/${id}/timeline/events`).expect(200))
        .body as Paginated<TimelineEntryDto>
    ).results;
  /** What the app posted in a channel containing the text (people's own messages aside). */
  const withText = (channel: string, text: string): FakeMessage[] =>
    h.slack.messages(channel).filter((m) => m.bot_id && m.text.includes(text));

  /**
   * The update with this text is stored once, on the timeline once, and posted
   * once in each of the three Slack places; answers what was stored.
   */
  async function deliveredEverywhere(
    incident: IncidentDto,
    commsChannel: string,
    text: string,
  ): Promise<StatusUpdateDto> {
    const stored = await eventually(
      async () => (await updatesOf(incident.id)).results.find((u) => u.text === text),
      10_000,
      'the stored update',
    );
    const headline = await headlineMessage(h.slack, incident.id);
    await h.slack.waitFor(
      () =>
        withText(commsChannel, text).length > 0 &&
        withText(TEST_INCIDENT_CHANNEL, text).length > 0 &&
        withText(STAKEHOLDERS, text).length > 0,
      10_000,
      'the update in the three Slack places',
    );
    await settle(800);
    const [inComms] = withText(commsChannel, text);
    expect(withText(commsChannel, text)).toHaveLength(1);
    expect(inComms.text).toMatch(/^:mega: \*Status update\* from /);
    expect(inComms.thread_ts).toBeUndefined();

    const replies = withText(TEST_INCIDENT_CHANNEL, text);
    expect(replies).toHaveLength(1);
    expect(replies[0].thread_ts).toBe(headline.ts);

    const stakeholders = withText(STAKEHOLDERS, text);
    expect(stakeholders).toHaveLength(1);
    expect(stakeholders[0].text).toContain(`Status update on incident #${incident.id}`);
    expect(stakeholders[0].text).toContain(`<${h.t.url}/incident/${incident.id}/|Incident doc>`);

    const entries = (await timelineOf(incident.id)).filter((e) => e.event_type === 'update');
    expect(entries.filter((e) => e.text === text)).toHaveLength(1);
    expect(entries.find((e) => e.text === text)?.timestamp).toBe(stored.posted_at);
    return stored;
  }

  it('@incident update: stored with its author, posted in the four places, once even if the message is handled again', async () => {
    const { incident, channel } = await incidentWithChannel(h, {
      report: 'Checkout errors',
      severity: '1',
      lead: { external_id: People.lead.id },
    });
    const text = `Payments recovering after the rollback, thanks <@${People.alice.id}>`;
    const ts = await mention(h, channel, `update ${text}`, People.lead.id);
    await reactedWith(h, channel, ts, 'white_check_mark');
    const stored = await deliveredEverywhere(incident, channel, text);
    expect(stored.author?.external_id).toBe(People.lead.id);
    const [entry] = (await timelineOf(incident.id)).filter((e) => e.event_type === 'update');
    expect(entry.metadata).toMatchObject({
      status_update_id: stored.id,
      actor: { external_id: People.lead.id },
    });
    expect(withText(channel, text)[0].text).toContain(`from <@${People.lead.id}>`);
    // Written in Slack: the mention stays a mention.
    expect(stored.text).toContain(`<@${People.alice.id}>`);

    // The clock restarts at the update: due 15 minutes (severity 1) after it.
    const after = await getIncident(h.t, incident.id);
    expect(after.last_update_at).toBe(stored.posted_at);
    expect(Date.parse(after.next_update_due!)).toBe(Date.parse(stored.posted_at) + 15 * MIN);

    // The same message delivered again under another event id: no second update.
    await sendEvent(
      h,
      events.appMention({ text: `<@UBOT0001> update ${text}`, user: People.lead.id, channel, ts }),
    );
    await settle();
    expect((await updatesOf(incident.id)).count).toBe(1);
    expect(withText(STAKEHOLDERS, text)).toHaveLength(1);

    // No text: nothing posted, the sender is told how.
    const empty = await mention(h, channel, 'update', People.lead.id);
    await reactedWith(h, channel, empty, 'question');
    expect((await updatesOf(incident.id)).count).toBe(1);
  });

  it('Post update on the headline opens a modal sealed for the clicker; its submission posts as them', async () => {
    const { incident, channel } = await incidentWithChannel(h, {
      report: 'Search is slow',
      severity: '2',
    });
    const click = await signedPost(
      h.t.http,
      '/slack/action',
      await headlineClick(h.slack, incident.id, {
        actionId: 'post-status-update-button',
        userId: People.alice.id,
      }),
    );
    expect(click.status).toBe(200);
    const opened = await h.slack.waitFor(
      () =>
        h.slack
          .calls('views.open')
          .find(
            (call) => (call.args.view as { callback_id?: string }).callback_id === 'status-update',
          ),
      5000,
      'the status update modal',
    );
    const view = opened.args.view as { private_metadata: string };
    expect(openedMetadata(view.private_metadata, People.alice.id)).toEqual({
      incident: incident.id,
    });
    expect(openedMetadata(view.private_metadata, People.clicker.id)).toBeNull();

    // Blank (only invisible characters): the form says so and nothing is posted.
    const blank = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'status-update',
        values: { update: state.text('\u200B \u200D') },
        privateMetadata: view.private_metadata,
        userId: People.alice.id,
      }),
    );
    expect(blank.body).toEqual({
      response_action: 'errors',
      errors: { update: 'must not be empty' },
    });
    // Metadata sealed for someone else: refused.
    const forged = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'status-update',
        values: { update: state.text('Forged update') },
        privateMetadata: sealedMetadata({ incident: incident.id }, People.clicker.id),
        userId: People.alice.id,
      }),
    );
    expect((forged.body as { response_action?: string }).response_action).toBe('errors');

    const text = 'Index rebuilt; latency back to normal';
    const res = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'status-update',
        values: { update: state.text(text) },
        privateMetadata: view.private_metadata,
        userId: People.alice.id,
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const stored = await deliveredEverywhere(incident, channel, text);
    expect(stored.author?.external_id).toBe(People.alice.id);
    expect((await updatesOf(incident.id)).count).toBe(1);
  });

  it('POST /core/incidents/:id/updates posts as the caller, in the four places', async () => {
    const { incident, channel } = await incidentWithChannel(h, {
      report: 'Emails delayed',
      severity: '3',
    });
    const text = 'Queue drained & <script>claims</script> checked <!channel>';
    const res = await coreApi(h.t)
      .post(`/core/incidents/${incident.id}/updates`, { text })
      .expect(201);
    const created = res.body as StatusUpdateDto;
    expect(statusUpdateDtoSchema.safeParse(created).success).toBe(true);
    expect(created.author).toMatchObject({ app_id: 'web', external_id: 'admin' });
    // Stored escaped once, as all user text.
    expect(created.text).toBe(
      'Queue drained &amp; &lt;script&gt;claims&lt;/script&gt; checked &lt;!channel&gt;',
    );
    await deliveredEverywhere(incident, channel, created.text);
    // Mark-up typed outside Slack is shown as typed: it pings nobody.
    const sent = h.slack
      .calls('chat.postMessage')
      .filter((call) => String(call.args.text ?? '').includes('Queue drained'));
    expect(sent).toHaveLength(3);
    for (const call of sent) expect(String(call.args.text)).not.toContain('<!channel>');
  });

  it('the API: the list envelope, newest first; viewers read but may not post; empty and invisible text are 400', async () => {
    const incident = await declare(h.t, { report: 'API checks', severity: '4' });
    for (const text of ['first', 'second', 'third'])
      await coreApi(h.t).post(`/core/incidents/${incident.id}/updates`, { text }).expect(201);
    const page = await updatesOf(incident.id, '?limit=2');
    expect(paginatedSchema(statusUpdateDtoSchema).safeParse(page).success).toBe(true);
    expect(page.count).toBe(3);
    expect(page.previous).toBeNull();
    expect(page.next).toContain('offset=2');
    expect(page.results.map((u) => u.text)).toEqual(['third', 'second']);
    expect(Object.keys(page.results[0]).sort()).toEqual(['author', 'id', 'posted_at', 'text']);

    const viewer = () => h.t.http().post(`/core/incidents/${incident.id}/updates`);
    await viewer().auth(VIEWER.username, VIEWER.password).send({ text: 'nope' }).expect(403);
    await h.t
      .http()
      .get(`/core/incidents/${incident.id}/updates`)
      .auth(VIEWER.username, VIEWER.password)
      .expect(200);

    const bad = async (body: unknown) =>
      (await coreApi(h.t).post(`/core/incidents/${incident.id}/updates`, body).expect(400)).body;
    expect((await bad({ text: '' })).errors).toEqual({ text: 'must not be empty' });
    expect((await bad({ text: ' \u200B\u2060\uFEFF ' })).errors).toEqual({
      text: 'must not be empty',
    });
    expect((await bad({})).errors).toEqual({ text: 'is required' });
    expect((await bad({ text: 'x'.repeat(3001) })).errors).toEqual({
      text: 'must be at most 3000 characters',
    });
    expect((await bad([1])).errors).toEqual({ body: 'the request body must be a JSON object' });
    await coreApi(h.t).post('/core/incidents/999999/updates', { text: 'x' }).expect(404);
    await coreApi(h.t).get('/core/incidents/999999/updates').expect(404);
    expect((await updatesOf(incident.id)).count).toBe(3);
  });

  it('the due time follows the severity from the last update, and a closed incident has none', async () => {
    const incident = await declare(h.t, { report: 'Cadence checks' });
    expect(incident.next_update_due).toBeNull(); // no severity yet
    const critical = (
      await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { severity: '1' }).expect(200)
    ).body as IncidentDto;
    expect(critical.last_update_at).toBeNull();
    expect(Date.parse(critical.next_update_due!)).toBe(Date.parse(incident.report_time) + 15 * MIN);
    const posted = (
      await coreApi(h.t)
        .post(`/core/incidents/${incident.id}/updates`, { text: 'Looking into it' })
        .expect(201)
    ).body as StatusUpdateDto;
    const major = (
      await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { severity: '2' }).expect(200)
    ).body as IncidentDto;
    expect(major.last_update_at).toBe(posted.posted_at);
    expect(Date.parse(major.next_update_due!)).toBe(Date.parse(posted.posted_at) + 30 * MIN);
    const closed = (
      await coreApi(h.t)
        .patch(`/core/incidents/${incident.id}`, { end_time: new Date().toISOString() })
        .expect(200)
    ).body as IncidentDto;
    expect(closed.next_update_due).toBeNull();
    expect(closed.last_update_at).toBe(posted.posted_at);
  });

  it("a private incident's update stays in its own channel, under its headline there", async () => {
    const incident = await declare(h.t, {
      report: 'Confidential breach',
      private: true,
      severity: '1',
      lead: { external_id: People.lead.id },
    });
    const channel = await eventually(
      async () => (await getIncident(h.t, incident.id)).comms_channel?.channel_id,
      10_000,
      'private channel',
    );
    const headline = await headlineMessage(h.slack, incident.id, channel);
    // Someone not taking part cannot see it, nor post to it.
    await h.t
      .http()
      .post(`/core/incidents/${incident.id}/updates`)
      .auth(OTHER.username, OTHER.password)
      .send({ text: 'Peeking' })
      .expect(404);

    const text = 'Credentials rotated';
    await coreApi(h.t).post(`/core/incidents/${incident.id}/updates`, { text }).expect(201);
    const [posted] = await h.slack.waitFor(
      () => {
        const found = withText(channel, text);
        return found.length ? found : null;
      },
      10_000,
      'the update in the private channel',
    );
    await settle();
    // One message: a reply in the headline's thread, also shown in the channel.
    expect(withText(channel, text)).toHaveLength(1);
    expect(posted.thread_ts).toBe(headline.ts);
    const call = h.slack
      .calls('chat.postMessage')
      .find((c) => String(c.args.text ?? '').includes(text))!;
    expect(String(call.args.reply_broadcast)).toBe('true');
    const elsewhere = h.slack
      .calls('chat.postMessage')
      .filter((c) => c.args.channel !== channel && String(c.args.text ?? '').includes(text));
    expect(elsewhere).toEqual([]);
    expect(withText(STAKEHOLDERS, `#${incident.id}`)).toEqual([]);
    expect(
      (await timelineOf(incident.id)).filter((e) => e.event_type === 'update').map((e) => e.text),
    ).toEqual([text]);
  });
});
