import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { decodeEntities, type IncidentDto } from '@response/contracts';
import pg from 'pg';
import type { RecordedCall } from '../fakes/fake-slack.js';
import { ADMIN } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import {
  blockActions,
  headlineClick,
  headlineMessage,
  sealedMetadata,
  signedPost,
  state,
  TEST_INCIDENT_CHANNEL,
  viewSubmission,
} from '../support/slack.js';
import {
  clickCreateChannel,
  declare,
  eventually,
  getIncident,
  incidentWithChannel,
  mention,
  People,
  postedIn,
  reactedWith,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

/**
 * What you type is what everyone sees: text is stored escaped (as `/core`
 * returns it), and `report.md` and every Slack message, topic and headline show
 * exactly what was typed; Slack mark-up typed outside Slack never pings or hides
 * a link; invisible or broken text is refused like empty text.
 */

/** What Slack shows of mrkdwn or a topic: it undoes its three escapes. */
function slackShows(mrkdwn: string): string {
  return mrkdwn.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Every string the app sent to Slack in messages, updates, ephemerals and topics. */
function sentText(calls: RecordedCall[]): string {
  const shown = ['chat.postMessage', 'chat.update', 'chat.postEphemeral', 'conversations.setTopic'];
  return JSON.stringify(calls.filter((c) => shown.includes(c.method)).map((c) => c.args));
}

type Section = { block_id?: string; text?: { text: string } };

const REPORT = `Checkout 2>&1 "down" & 'slow' <eu>`;
const SUMMARY = [
  `Ran \`curl -H "a<b" 'x' 2>&1\` & <b>saw</b> > 3 errors`,
  '',
  '```',
  `if a < b && c > d: print("x", 'y')`,
  '```',
].join('\n');
const IMPACT = `EU & US: < 5% of "checkouts" > 1% 'retried'`;
const DETAILS = `Alert on \`a<b && c>d\` "p99" & 'p95'`;
const ENTRY = `Rolled back \`2>&1\` "v1" & 'v2' <ok>`;

/** Mark-up that would ping or phish if Slack read it as mark-up; the overrides reverse `exe.pdf`. */
const PINGS =
  '<!channel> <!here> <!everyone> <!subteam^S0ONCALL|@oncall> <@U0ALICE01> <https://evil.example/login|sso.example.com>';
const REVERSED = 'invoice\u202Efdp.exe \u2066x\u2069';

describe('what you type is what everyone sees', () => {
  let h: CommsHarness;

  beforeAll(async () => {
    h = await startCommsApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('< > & " \' in every field come back escaped from /core and as typed in report.md and Slack', async () => {
    const { incident, channel } = await incidentWithChannel(h, {
      report: REPORT,
      summary: SUMMARY,
      impact: IMPACT,
    });
    await coreApi(h.t)
      .post(`/core/incidents/${incident.id}/actions`, { details: DETAILS })
      .expect(201);
    await coreApi(h.t)
      .post(`/core/incidents/${incident.id}/timeline/events`, {
        timestamp: '2024-05-01T12:00:00Z',
        text: ENTRY,
      })
      .expect(201);

    // Stored escaped, as Response stored it, and decoded once it is what was typed.
    const stored = await getIncident(h.t, incident.id);
    expect(stored.report).toBe(`Checkout 2&gt;&amp;1 "down" &amp; 'slow' &lt;eu&gt;`);
    expect(decodeEntities(stored.report)).toBe(REPORT);
    expect(decodeEntities(stored.summary)).toBe(SUMMARY);
    expect(decodeEntities(stored.impact)).toBe(IMPACT);
    expect(decodeEntities(stored.action_items[0].details)).toBe(DETAILS);

    const md = (await coreApi(h.t).get(`/core/incidents/${incident.id}/report.md`).expect(200))
      .text;
    expect(md.split('\n')[0]).toBe(`# Incident ${incident.id}: ${REPORT}`);
    expect(md).toContain(`## Summary\n\n${SUMMARY}\n`);
    expect(md).toContain(`## Impact\n\n${IMPACT}\n`);
    expect(md).toContain(`- [ ] ${DETAILS}`);
    expect(md).toContain(`- **12:00 UTC** ${ENTRY}`);
    expect(md).not.toMatch(/&(?:amp|lt|gt|quot|#39);/);

    // The headline, its notification text, the topic and the intro show the report as typed.
    await headlineMessage(h.slack, incident.id);
    const headline = h.slack
      .calls()
      .filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update')
      .filter((c) => String(c.args.text).startsWith(`Incident #${incident.id}:`))
      .at(-1)!;
    const report = (headline.args.blocks as Section[]).find((b) => b.block_id === 'report')!;
    expect(slackShows(report.text!.text)).toBe(`:warning: *${REPORT}*`);
    expect(slackShows(String(headline.args.text))).toBe(`Incident #${incident.id}: ${REPORT}`);
    const topic = h.slack.calls('conversations.setTopic').find((c) => c.args.channel === channel)!;
    expect(slackShows(String(topic.args.topic))).toBe(
      `${REPORT} - ${h.t.url}/incident/${incident.id}/`,
    );
    const [intro] = await postedIn(h.slack, channel, (t) => t.startsWith(':wave:'), 'intro');
    expect(slackShows(String(intro.args.text))).toContain(`working on *${REPORT}*.`);

    // `@incident summary` shows the summary as typed, code block included.
    const ts = await mention(h, channel, 'summary');
    await reactedWith(h, channel, ts, 'white_check_mark');
    const [shown] = await postedIn(
      h.slack,
      channel,
      (t) => t.startsWith('The summary is currently'),
      'summary prompt',
    );
    const sections = (shown.args.blocks as Section[]).filter((b) => b.text);
    expect(slackShows(sections[0].text!.text)).toBe(`*The summary is currently:*\n${SUMMARY}`);
  });

  it('mark-up typed outside Slack never pings or hides a link in any message, topic or headline', async () => {
    h.slack.reset();
    for (const person of Object.values(People)) h.slack.seedUser(person);
    const typed = `${PINGS} ${REVERSED}`;
    const incident = await declare(h.t, {
      report: typed,
      summary: typed,
      impact: typed,
      lead: { external_id: People.lead.id },
    });
    // The web or API text is kept as typed: escaped like any other `<`.
    expect(incident.summary).toContain('&lt;!channel&gt;');

    // Edited in the headline's modal (a form, not a message): the same text again.
    const click = await signedPost(
      h.t.http,
      '/slack/action',
      await headlineClick(h.slack, incident.id, {
        actionId: 'edit-incident-button',
        userId: People.clicker.id,
        triggerId: 'trig-typed-edit',
      }),
    );
    expect(click.status).toBe(200);
    const edit = h.slack.calls('views.open').find((c) => c.args.trigger_id === 'trig-typed-edit')!;
    const view = edit.args.view as { private_metadata: string };
    const saved = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-edit',
        privateMetadata: view.private_metadata,
        userId: People.clicker.id,
        values: {
          report: state.text(`${typed} (edited)`),
          summary: state.text(`${typed} (edited)`),
          impact: state.text(typed),
          lead: state.user(People.lead.id),
          severity: state.option('2'),
        },
      }),
    );
    expect(saved.status).toBe(200);
    expect((await getIncident(h.t, incident.id)).report).toContain('(edited)');

    // Its comms channel (topic, intro), the summary prompt and a summary changed in Slack's form.
    await clickCreateChannel(h, incident.id);
    const channel = await eventually(
      async () => (await getIncident(h.t, incident.id)).comms_channel?.channel_id,
      10_000,
      'comms channel',
    );
    await postedIn(h.slack, channel, (t) => t.startsWith(':wave:'), 'intro');
    const ts = await mention(h, channel, 'summary');
    await reactedWith(h, channel, ts, 'white_check_mark');
    const [prompt] = await postedIn(
      h.slack,
      channel,
      (t) => t.startsWith('The summary is currently'),
      'summary prompt',
    );
    const change = (prompt.args.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === 'change-summary-button')!;
    await signedPost(
      h.t.http,
      '/slack/action',
      blockActions({
        actionId: 'change-summary-button',
        value: change.value,
        userId: People.lead.id,
        channelId: channel,
        messageTs: String(prompt.args.ts ?? ts),
        triggerId: 'trig-typed-summary',
      }),
    );
    const summaryModal = h.slack
      .calls('views.open')
      .find((c) => c.args.trigger_id === 'trig-typed-summary')!;
    const submitted = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-summary-edit',
        privateMetadata: (summaryModal.args.view as { private_metadata: string }).private_metadata,
        userId: People.lead.id,
        values: { value: state.text(`${typed} (from the form)`) },
      }),
    );
    expect(submitted.status).toBe(200);
    const [announced] = await postedIn(
      h.slack,
      channel,
      (t) => t.includes('has been updated to'),
      'announcement',
    );

    // A role given on the web: its holder's DM names the report.
    await coreApi(h.t)
      .put(`/core/incidents/${incident.id}/roles/comms`, {
        user: { external_id: People.clicker.id },
      })
      .expect(200);
    const [roleDm] = await postedIn(
      h.slack,
      People.clicker.id,
      (t) => t.startsWith(':wave: You are now'),
      'role DM',
    );

    await eventually(
      async () =>
        h.slack
          .calls('chat.update')
          .some((c) => c.args.channel === TEST_INCIDENT_CHANNEL && sentText([c]).includes(channel)),
      10_000,
      'headline showing the comms channel',
    );
    const sent = sentText(h.slack.calls());
    expect(sent).not.toMatch(/<!(?:channel|here|everyone|subteam)/);
    expect(sent).not.toContain('<@U0ALICE01>');
    expect(sent).not.toContain('<https://evil.example');
    expect(sent).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);

    // Shown literally: Slack displays the characters that were typed.
    const literal = `${PINGS} invoicefdp.exe x`;
    const headline = h.slack
      .calls('chat.update')
      .filter((c) => c.args.channel === TEST_INCIDENT_CHANNEL)
      .at(-1)!;
    const report = (headline.args.blocks as Section[]).find((b) => b.block_id === 'report')!;
    expect(slackShows(report.text!.text)).toBe(`:warning: *${literal} (edited)*`);
    const topic = h.slack.calls('conversations.setTopic').find((c) => c.args.channel === channel)!;
    expect(slackShows(String(topic.args.topic))).toContain(literal.slice(0, 100));
    expect(slackShows(String(prompt.args.text))).toBe(
      `The summary is currently: ${literal} (edited)`,
    );
    expect(slackShows(String(roleDm.args.text))).toContain(`: *${literal} (edited)*`);
    expect(slackShows(String(announced.args.text))).toBe(
      `*The summary has been updated to:*\n${literal} (from the form)`,
    );
  });

  it('shows a report stored with raw Slack mark-up before this rule literally, headline and DMs included', async () => {
    const { incident } = await incidentWithChannel(h, { report: 'Legacy report' });
    // As the old sanitiser kept it for text written through the API.
    const db = new pg.Client({ connectionString: h.t.database.url });
    await db.connect();
    await db.query('UPDATE incident SET report = $1 WHERE id = $2', [PINGS, incident.id]);
    await db.end();
    const from = h.slack.calls().length;
    await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { severity: '3' }).expect(200);
    await coreApi(h.t)
      .put(`/core/incidents/${incident.id}/roles/scribe`, {
        user: { external_id: People.clicker.id },
      })
      .expect(200);
    await postedIn(h.slack, People.clicker.id, (t) => t.includes('Scribe'), 'role DM');
    await eventually(
      async () =>
        h.slack
          .calls()
          .slice(from)
          .some(
            (c) => c.method === 'chat.update' && sentText([c]).includes(':large_yellow_circle:'),
          ),
      10_000,
      'headline with the severity',
    );
    const sent = sentText(h.slack.calls().slice(from));
    expect(sent).toContain('&lt;!channel&gt;');
    expect(sent).not.toMatch(/<!(?:channel|here|everyone|subteam)/);
    expect(sent).not.toContain('<@U0ALICE01>');
    expect(sent).not.toContain('<https://evil.example');
  });

  it('keeps the mentions of text written in Slack, and never re-sends a channel-wide one', async () => {
    const { incident, channel } = await incidentWithChannel(h, { report: 'Mentions from Slack' });
    const ts = await mention(h, channel, 'summary <@U0ALICE01> is on it, <!channel> stand by');
    await reactedWith(h, channel, ts, 'white_check_mark');
    expect((await getIncident(h.t, incident.id)).summary).toBe(
      '<@U0ALICE01> is on it, <!channel> stand by',
    );
    const [announced] = await postedIn(
      h.slack,
      channel,
      (t) => t.includes('has been updated to'),
      'announcement',
    );
    expect(announced.args.text).toBe(
      '*The summary has been updated to:*\n<@U0ALICE01> is on it, @channel stand by',
    );
    // A PUT of the incident exactly as GET returned it keeps the mention.
    const current = await getIncident(h.t, incident.id);
    await coreApi(h.t).put(`/core/incidents/${incident.id}`, current).expect(200);
    expect((await getIncident(h.t, incident.id)).summary).toBe(current.summary);
  });

  it('refuses text made only of invisible characters, like empty text', async () => {
    const invisible = '\u200b\u200c\u200d\u2060\ufeff\u00a0\u3000';
    const api = coreApi(h.t);
    const report = await api.post('/core/incidents', { report: invisible }).expect(400);
    expect(report.body.errors).toEqual({ report: 'must not be empty' });
    const incident = await declare(h.t, { report: 'Visible', summary: 'Set' });
    const details = await api
      .post(`/core/incidents/${incident.id}/actions`, { details: invisible })
      .expect(400);
    expect(details.body.errors).toEqual({ details: 'must not be empty' });
    const entry = await api
      .post(`/core/incidents/${incident.id}/timeline/events`, {
        timestamp: '2024-05-01T12:00:00Z',
        text: invisible,
      })
      .expect(400);
    expect(entry.body.errors).toEqual({ text: 'must not be empty' });
    await api.patch(`/core/incidents/${incident.id}`, { report: '\u200b' }).expect(400);
    // An optional text that is empty is no text; an invisible one likewise.
    const cleared = await api.patch(`/core/incidents/${incident.id}`, { summary: invisible });
    expect(cleared.status).toBe(200);
    expect((cleared.body as IncidentDto).summary).toBeNull();

    const declared = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-report',
        values: { report: state.text(invisible) },
        userId: People.reporter.id,
        privateMetadata: sealedMetadata({ channel_id: 'CGENERAL' }, People.reporter.id),
      }),
    );
    expect(declared.body).toMatchObject({
      response_action: 'errors',
      errors: { report: expect.any(String) },
    });
  });

  it('refuses a lone surrogate with a 400 naming the field, on /core and from Slack', async () => {
    const incident = await declare(h.t, { report: 'Surrogates' });
    const raw = (method: 'post' | 'patch', path: string, json: string) =>
      h.t
        .http()
        [method](path)
        .auth(ADMIN.username, ADMIN.password)
        .set('content-type', 'application/json')
        .send(json);
    const cases: [method: 'post' | 'patch', path: string, json: string, field: string][] = [
      ['post', '/core/incidents', '{"report":"a\\ud800b"}', 'report'],
      ['post', '/core/incidents', '{"report":"ok","summary":"\\udc00"}', 'summary'],
      ['patch', `/core/incidents/${incident.id}`, '{"impact":"x\\ud83d"}', 'impact'],
      ['post', `/core/incidents/${incident.id}/actions`, '{"details":"\\ud800"}', 'details'],
      [
        'post',
        `/core/incidents/${incident.id}/timeline/events`,
        '{"timestamp":"2024-05-01T12:00:00Z","text":"\\ud800"}',
        'text',
      ],
      [
        'post',
        `/core/incidents/${incident.id}/timeline/events`,
        '{"timestamp":"2024-05-01T12:00:00Z","text":"ok","metadata":{"note":"\\ud800"}}',
        'metadata.note',
      ],
    ];
    for (const [method, path, json, field] of cases) {
      const res = await raw(method, path, json);
      expect({ path, json, status: res.status }).toEqual({ path, json, status: 400 });
      expect(Object.keys(res.body.errors)).toEqual([field]);
    }
    expect((await getIncident(h.t, incident.id)).impact).toBeNull();

    const declared = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-report',
        values: { report: state.text('Broken \ud800 text') },
        userId: People.reporter.id,
        privateMetadata: sealedMetadata({ channel_id: 'CGENERAL' }, People.reporter.id),
      }),
    );
    expect(declared.status).toBe(400);
    const listed = await coreApi(h.t).get('/core/incidents?search=Broken').expect(200);
    expect(listed.body.count).toBe(0);
  });
});
