import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import {
  blockActions,
  eventCallback,
  events,
  headlineClick,
  headlineMessage,
  interaction,
  sealedMetadata,
  signedPost,
  slashCommand,
  state,
  viewSubmission,
} from '../support/slack.js';
import { coreApi } from '../support/core-api.js';
import {
  declare,
  getIncident,
  incidentWithChannel,
  People,
  postsIn,
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

/**
 * Slack interactions act only where they were clicked, by people allowed to
 * act: a signed payload is trusted as coming from Slack, not its values.
 */
describe('Slack interactions act only where they were clicked', () => {
  let h: CommsHarness;

  beforeAll(async () => {
    h = await startCommsApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  const isOpen = async (id: number) => !(await getIncident(h.t, id)).is_closed;

  it("refuses a button whose value names another incident than the clicked message's", async () => {
    const target = await declare(h.t, { report: 'Target of a forged click' });
    const other = await declare(h.t, { report: 'The message that was clicked' });
    const clicked = await headlineMessage(h.slack, other.id);
    const responseUrl = h.slack.responseUrl();
    for (const actionId of [
      'close-incident-button',
      'edit-incident-button',
      'create-comms-channel-button',
    ]) {
      const res = await signedPost(
        h.t.http,
        '/slack/action',
        blockActions({
          actionId,
          value: String(target.id),
          channelId: clicked.channel,
          messageTs: clicked.ts,
          responseUrl,
        }),
      );
      expect(res.status).toBe(200);
    }
    // From some other channel altogether, with the right value.
    await signedPost(
      h.t.http,
      '/slack/action',
      blockActions({
        actionId: 'close-incident-button',
        value: String(target.id),
        channelId: 'CRANDOM01',
        messageTs: '1700000000.000200',
        responseUrl,
      }),
    );
    await settle(1000);
    expect(await isOpen(target.id)).toBe(true);
    expect(h.slack.calls('views.open')).toEqual([]);
    expect(h.slack.calls('conversations.create')).toEqual([]);
    const told = h.slack.calls('response_url').map((call) => call.args.text);
    expect(told).toEqual(Array(4).fill("This button doesn't belong to that incident."));
    // The right message still works.
    await signedPost(
      h.t.http,
      '/slack/action',
      await headlineClick(h.slack, target.id, { actionId: 'close-incident-button' }),
    );
    expect(await isOpen(target.id)).toBe(false);
  });

  it('handles only the first action of a payload', async () => {
    const incidents: IncidentDto[] = [];
    for (let i = 0; i < 3; i++) incidents.push(await declare(h.t, { report: `Batch ${i}` }));
    const clicked = await headlineMessage(h.slack, incidents[0].id);
    const body = JSON.parse(
      new URLSearchParams(
        (await headlineClick(h.slack, incidents[0].id, { actionId: 'close-incident-button' })).raw,
      ).get('payload')!,
    ) as { actions: Record<string, unknown>[] };
    const many = {
      ...body,
      container: { type: 'message', channel_id: clicked.channel, message_ts: clicked.ts },
      actions: [
        ...incidents.map((incident) => ({ ...body.actions[0], value: String(incident.id) })),
        ...Array.from({ length: 22 }, (_, n) => ({ ...body.actions[0], value: String(n + 1) })),
      ],
    };
    expect((await signedPost(h.t.http, '/slack/action', interaction(many))).status).toBe(200);
    expect(await isOpen(incidents[0].id)).toBe(false);
    expect(await isOpen(incidents[1].id)).toBe(true);
    expect(await isOpen(incidents[2].id)).toBe(true);
  });

  it('refuses a modal whose private_metadata was tampered with or sealed for someone else', async () => {
    const incident = await declare(h.t, { report: 'Edited through a modal' });
    const submit = (privateMetadata: string, userId: string) =>
      signedPost(
        h.t.http,
        '/slack/action',
        viewSubmission({
          callbackId: 'incident-edit',
          privateMetadata,
          userId,
          values: { report: state.text('Changed by a forged form') },
        }),
      );
    const forged = [
      String(incident.id),
      JSON.stringify({ incident: incident.id }),
      sealedMetadata({ incident: incident.id }, People.alice.id),
    ];
    for (const metadata of forged) {
      const res = await submit(metadata, People.reporter.id);
      expect(res.body).toMatchObject({
        response_action: 'errors',
        errors: { report: expect.any(String) },
      });
    }
    const [body, mac] = sealedMetadata({ incident: 1 }, People.reporter.id).split('.');
    const swapped = `${Buffer.from(JSON.stringify({ u: People.reporter.id, d: { incident: incident.id } })).toString('base64url')}.${mac}`;
    expect(body).not.toBe(swapped.split('.')[0]);
    expect((await submit(swapped, People.reporter.id)).body).toMatchObject({
      response_action: 'errors',
    });
    expect((await getIncident(h.t, incident.id)).report).toBe('Edited through a modal');

    // The declare modal likewise: a made-up private_metadata declares nothing.
    const before = (await coreApi(h.t).get('/core/incidents').expect(200)).body.count as number;
    const declared = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-report',
        privateMetadata: JSON.stringify({ channel_id: 'CGENERAL' }),
        values: { report: state.text('Declared by a forged form') },
      }),
    );
    expect(declared.body).toMatchObject({ response_action: 'errors' });
    expect((await coreApi(h.t).get('/core/incidents').expect(200)).body.count).toBe(before);
  });

  it('processes a view_submission once per view id', async () => {
    await signedPost(h.t.http, '/slack/slash_command', slashCommand({ triggerId: 'trig-once' }));
    const view = h.slack.calls('views.open').find((call) => call.args.trigger_id === 'trig-once')!
      .args.view as { private_metadata: string };
    const before = (await coreApi(h.t).get('/core/incidents').expect(200)).body.count as number;
    const submission = viewSubmission({
      callbackId: 'incident-report',
      viewId: 'V0ONCEONLY',
      privateMetadata: view.private_metadata,
      values: { report: state.text('Submitted three times') },
    });
    const answers = await Promise.all(
      [1, 2, 3].map(() => signedPost(h.t.http, '/slack/action', submission)),
    );
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200]);
    const after = (await coreApi(h.t).get('/core/incidents?search=Submitted').expect(200)).body;
    expect(after.count).toBe(1);
    expect((await coreApi(h.t).get('/core/incidents').expect(200)).body.count).toBe(before + 1);

    // A submission answered with errors does not count: the corrected form goes through.
    const fixMe = viewSubmission({
      callbackId: 'incident-report',
      viewId: 'V0FIXTHENGO',
      privateMetadata: view.private_metadata,
      values: { report: state.text('   ') },
    });
    expect((await signedPost(h.t.http, '/slack/action', fixMe)).body).toMatchObject({
      response_action: 'errors',
    });
    const fixed = viewSubmission({
      callbackId: 'incident-report',
      viewId: 'V0FIXTHENGO',
      privateMetadata: view.private_metadata,
      values: { report: state.text('Corrected and submitted') },
    });
    expect((await signedPost(h.t.http, '/slack/action', fixed)).status).toBe(200);
    expect(
      (await coreApi(h.t).get('/core/incidents?search=Corrected').expect(200)).body.count,
    ).toBe(1);
  });

  it('never runs a command again for an edited message', async () => {
    const { incident, channel } = await incidentWithChannel(h);
    const message = h.slack.addMessage(channel, {
      text: '<@UBOT0001> close',
      user: People.reporter.id,
    });
    const edited = {
      ...events.appMention({
        text: message.text,
        user: People.reporter.id,
        channel,
        ts: message.ts,
      }),
      edited: { user: People.reporter.id, ts: `${Number(message.ts) + 5}` },
    };
    await signedPost(h.t.http, '/slack/event', eventCallback(edited));
    const changed = {
      type: 'message',
      subtype: 'message_changed',
      channel,
      hidden: true,
      ts: `${Number(message.ts) + 6}`,
      message: {
        type: 'message',
        user: People.reporter.id,
        text: '<@UBOT0001> close',
        ts: message.ts,
      },
    };
    await signedPost(h.t.http, '/slack/event', eventCallback(changed));
    await settle(1500);
    expect(await isOpen(incident.id)).toBe(true);
    expect(h.slack.reactionsOn(channel, message.ts)).toEqual([]);
    expect(postsIn(h.slack, channel, (text) => text.includes('closed'))).toEqual([]);
  });
});
