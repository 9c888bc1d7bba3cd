import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { ActionDto, IncidentDto } from '@response/contracts';
import { coreApi } from '../support/core-api.js';
import { blockActions, events, signedPost, state, viewSubmission } from '../support/slack.js';
import type { RecordedCall } from '../fakes/fake-slack.js';
import {
  getIncident,
  incidentWithChannel,
  mention,
  People,
  postsIn,
  reactedWith,
  seedPeople,
  sendEvent,
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

type Block = {
  type: string;
  text?: { text: string };
  elements?: { action_id: string; value?: string }[];
};

const buttonsOf = (call: RecordedCall) =>
  ((call.args.blocks ?? []) as Block[]).flatMap((b) => b.elements ?? []);

describe('@incident commands', () => {
  let h: CommsHarness;
  let incident: IncidentDto;
  let channel: string;

  beforeAll(async () => {
    h = await startCommsApp();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    h.slack.reset();
    seedPeople(h.slack);
    ({ incident, channel } = await incidentWithChannel(h, { report: 'Checkout errors' }));
  });

  const said = (match: (text: string) => boolean) => postsIn(h.slack, channel, match);

  it('help lists every command with its help text', async () => {
    const ts = await mention(h, channel, 'help');
    await reactedWith(h, channel, ts, 'white_check_mark');
    const [help] = await h.slack.waitFor(() => {
      const found = said((text) => text.startsWith("Here's what I can do"));
      return found.length ? found : null;
    });
    const text = String(help.args.text);
    for (const name of [
      'help',
      'lead',
      'severity',
      'summary',
      'impact',
      'rename',
      'duration',
      'close',
      'action',
    ]) {
      expect(text).toContain(`\`${name}\``);
    }
    expect(text).toContain('(or `sev`)');
    expect(text).toContain('Sets the severity');
    // A placeholder is escaped for Slack, which would otherwise read `<…|…>` as a link.
    expect(text).toContain('`severity &lt;critical|major|minor|trivial|1-4&gt;`');
    expect(text).not.toMatch(/<(?!@|#|!)[^>]*>/);
  });

  it('an unknown command gets an ephemeral answer and ❓', async () => {
    const ts = await mention(h, channel, 'dance wildly');
    const reactions = await reactedWith(h, channel, ts, 'question');
    expect(reactions).toEqual(['question']);
    const ephemeral = await h.slack.waitFor(() =>
      h.slack.calls('chat.postEphemeral').find((c) => c.args.channel === channel),
    );
    expect(ephemeral.args).toMatchObject({
      user: People.reporter.id,
      text: "I'm sorry, I don't know how to help with that :grimacing:",
    });
  });

  it('lead sets the sender, or the mentioned user', async () => {
    const ts = await mention(h, channel, 'lead', People.alice.id);
    await reactedWith(h, channel, ts, 'white_check_mark');
    expect((await getIncident(h.t, incident.id)).lead?.external_id).toBe(People.alice.id);

    const ts2 = await mention(h, channel, `lead <@${People.lead.id}|lee>`);
    await reactedWith(h, channel, ts2, 'white_check_mark');
    expect((await getIncident(h.t, incident.id)).lead?.external_id).toBe(People.lead.id);

    const bad = await mention(h, channel, 'lead somebody');
    await reactedWith(h, channel, bad, 'question');
    expect((await getIncident(h.t, incident.id)).lead?.external_id).toBe(People.lead.id);
  });

  it('severity and sev accept names and numbers; anything else fails with ❓ and no ✅', async () => {
    const ts = await mention(h, channel, 'severity Major');
    await reactedWith(h, channel, ts, 'white_check_mark');
    expect((await getIncident(h.t, incident.id)).severity).toBe('2');

    const ts2 = await mention(h, channel, 'sev 1');
    await reactedWith(h, channel, ts2, 'white_check_mark');
    expect((await getIncident(h.t, incident.id)).severity).toBe('1');

    const bad = await mention(h, channel, 'sev apocalyptic');
    const reactions = await reactedWith(h, channel, bad, 'question');
    expect(reactions).not.toContain('white_check_mark');
    expect((await getIncident(h.t, incident.id)).severity).toBe('1');
  });

  it("reads the command after the app's own mention, even after someone else's", async () => {
    const text = `cc <@${People.alice.id}> <@UBOT0001> severity major`;
    const message = h.slack.addMessage(channel, { text, user: People.reporter.id });
    await sendEvent(
      h,
      events.appMention({ text, user: People.reporter.id, channel, ts: message.ts }),
    );
    await reactedWith(h, channel, message.ts, 'white_check_mark');
    expect((await getIncident(h.t, incident.id)).severity).toBe('2');
  });

  it('a command that succeeds after failing swaps ❓ for ✅', async () => {
    // The same message is delivered again as a new event (e.g. edited and re-sent): reactions follow the outcome.
    const message = h.slack.addMessage(channel, {
      text: '<@UBOT0001> sev nope',
      user: People.reporter.id,
    });
    await sendEvent(h, events.appMention({ text: message.text, channel, ts: message.ts }));
    await reactedWith(h, channel, message.ts, 'question');
    await sendEvent(
      h,
      events.appMention({ text: '<@UBOT0001> sev minor', channel, ts: message.ts }),
    );
    await h.slack.waitFor(
      () => {
        const r = h.slack.reactionsOn(channel, message.ts);
        return r.includes('white_check_mark') && !r.includes('question');
      },
      10_000,
      '✅ without ❓',
    );
  });

  it('summary sets an empty summary and announces it', async () => {
    const ts = await mention(h, channel, 'summary Payments time out at the bank gateway');
    await reactedWith(h, channel, ts, 'white_check_mark');
    expect((await getIncident(h.t, incident.id)).summary).toBe(
      'Payments time out at the bank gateway',
    );
    await h.slack.waitFor(
      () =>
        said(
          (t) => t === '*The summary has been updated to:*\nPayments time out at the bank gateway',
        ).length === 1,
    );
  });

  it('summary with a summary set shows it with Yes and Change; Yes accepts, Change opens a modal that saves', async () => {
    await coreApi(h.t)
      .patch(`/core/incidents/${incident.id}`, { summary: 'Old summary' })
      .expect(200);
    const ts = await mention(h, channel, 'summary New summary');
    await reactedWith(h, channel, ts, 'white_check_mark');
    const prompt = await h.slack.waitFor(() => said((t) => t.includes('Old summary'))[0]);
    const blocksText = ((prompt.args.blocks ?? []) as Block[])
      .map((b) => b.text?.text ?? '')
      .join('\n');
    expect(blocksText).toContain('Old summary');
    expect(blocksText).toContain('New summary');
    const buttons = buttonsOf(prompt);
    expect(buttons.map((b) => b.action_id)).toEqual([
      'accept-summary-button',
      'change-summary-button',
    ]);
    expect((await getIncident(h.t, incident.id)).summary).toBe('Old summary');

    // Yes, clicked twice: saved once, announced once.
    const promptMessage = h.slack.messages(channel).find((m) => m.text.includes('Old summary'))!;
    const yes = () =>
      signedPost(
        h.t.http,
        '/slack/action',
        blockActions({
          actionId: 'accept-summary-button',
          value: buttons[0].value,
          userId: People.lead.id,
          channelId: channel,
          messageTs: promptMessage.ts,
        }),
      );
    expect((await yes()).status).toBe(200);
    expect((await yes()).status).toBe(200);
    expect((await getIncident(h.t, incident.id)).summary).toBe('New summary');
    await h.slack.waitFor(
      () => said((t) => t === '*The summary has been updated to:*\nNew summary').length === 1,
    );
    await h.slack.waitFor(() =>
      h.slack
        .messages(channel)
        .find((m) => m.ts === promptMessage.ts)
        ?.text.includes('accepted'),
    );
    await settle(1000);
    expect(said((t) => t === '*The summary has been updated to:*\nNew summary')).toHaveLength(1);

    // Change: the modal is prefilled with the current summary; its submission saves and announces.
    const change = await signedPost(
      h.t.http,
      '/slack/action',
      blockActions({
        actionId: 'change-summary-button',
        value: buttons[1].value,
        userId: People.lead.id,
        channelId: channel,
        messageTs: promptMessage.ts,
      }),
    );
    expect(change.status).toBe(200);
    const opened = h.slack.calls('views.open').at(-1)!;
    const view = opened.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string; element: { initial_value?: string } }[];
    };
    expect(view.callback_id).toBe('incident-summary-edit');
    expect(view.blocks[0].element.initial_value).toBe('New summary');

    const empty = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        userId: People.lead.id,
        values: { value: state.text('  ') },
      }),
    );
    expect(empty.body).toMatchObject({
      response_action: 'errors',
      errors: { value: expect.any(String) },
    });

    const saved = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        userId: People.lead.id,
        values: { value: state.text('Edited in the modal') },
      }),
    );
    expect(saved.status).toBe(200);
    expect((await getIncident(h.t, incident.id)).summary).toBe('Edited in the modal');
    await h.slack.waitFor(
      () =>
        said((t) => t === '*The summary has been updated to:*\nEdited in the modal').length === 1,
    );
  });

  it('impact without text shows the current impact with only a Change button', async () => {
    const ts = await mention(h, channel, 'impact');
    await reactedWith(h, channel, ts, 'white_check_mark');
    const prompt = await h.slack.waitFor(() => said((t) => t.includes('no impact yet'))[0]);
    expect(buttonsOf(prompt).map((b) => b.action_id)).toEqual(['change-impact-button']);

    const set = await mention(h, channel, 'impact EU customers cannot pay');
    await reactedWith(h, channel, set, 'white_check_mark');
    await h.slack.waitFor(
      () =>
        said((t) => t === '*The impact has been updated to:*\nEU customers cannot pay').length ===
        1,
    );
    expect((await getIncident(h.t, incident.id)).impact).toBe('EU customers cannot pay');
  });

  it('duration says how long the incident has been running', async () => {
    const started = new Date(Date.now() - (65 * 60 + 10) * 1000).toISOString();
    await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { start_time: started }).expect(200);
    const ts = await mention(h, channel, 'duration');
    await reactedWith(h, channel, ts, 'white_check_mark');
    await h.slack.waitFor(
      () => said((t) => t === 'The incident has been running for 1 hr 5 mins').length === 1,
    );
  });

  it('action logs a follow-up action owned by the sender', async () => {
    const ts = await mention(
      h,
      channel,
      'action Add an alert on gateway timeouts',
      People.alice.id,
    );
    await reactedWith(h, channel, ts, 'white_check_mark');
    const actions = (await getIncident(h.t, incident.id)).action_items as ActionDto[];
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      details: 'Add an alert on gateway timeouts',
      user: { external_id: People.alice.id },
    });

    const empty = await mention(h, channel, 'action');
    await reactedWith(h, channel, empty, 'question');
    expect((await getIncident(h.t, incident.id)).action_items).toHaveLength(1);
  });

  it('close closes the incident, and says when it was already closed', async () => {
    const ts = await mention(h, channel, 'close');
    await reactedWith(h, channel, ts, 'white_check_mark');
    const closed = await getIncident(h.t, incident.id);
    expect(closed.is_closed).toBe(true);

    const again = await mention(h, channel, 'close');
    await reactedWith(h, channel, again, 'white_check_mark');
    await h.slack.waitFor(
      () => said((t) => t.startsWith('This incident was already closed')).length === 1,
    );
    expect(said((t) => t.startsWith('This incident was already closed'))[0].args.text).toContain(
      closed.end_time!,
    );
    expect((await getIncident(h.t, incident.id)).end_time).toBe(closed.end_time);
  });

  it('ignores mentions outside comms channels', async () => {
    const ts = await mention(h, 'CRANDOM01', 'help');
    await settle(1000);
    expect(h.slack.reactionsOn('CRANDOM01', ts)).toEqual([]);
    expect(postsIn(h.slack, 'CRANDOM01')).toHaveLength(0);
  });
});
