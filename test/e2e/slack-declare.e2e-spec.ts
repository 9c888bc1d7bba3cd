import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { startFakeSlack, type FakeSlack, type RecordedCall } from '../fakes/fake-slack.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import {
  blockActions,
  headlineClick,
  openedMetadata,
  sealedMetadata,
  signedPost,
  slackEnv,
  slashCommand,
  state,
  TEST_INCIDENT_CHANNEL,
  TEST_REPORT_CHANNEL,
  viewSubmission,
  type StateValue,
} from '../support/slack.js';

type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: { action_id: string; value?: string }[];
};

const REPORTER = {
  id: 'U0REPORTER',
  name: 'rita',
  real_name: 'Rita Reporter',
  display_name: 'rita',
  email: 'rita@example.com',
};
const LEAD = { id: 'U0LEAD0001', name: 'lee', real_name: 'Lee Lead', display_name: 'lee' };
const CLICKER = { id: 'U0CLICKER', name: 'cliff', real_name: 'Cliff Clicker' };

function blockText(blocks: Block[], blockId: string): string | undefined {
  return blocks.find((b) => b.block_id === blockId)?.text?.text;
}

function buttons(blocks: Block[]): { action_id: string; value?: string }[] {
  return blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
}

/** The headline message as it is now in the fake Slack channel. */
function headline(slack: FakeSlack, channel: string, incidentId: number) {
  return slack
    .messages(channel)
    .find(
      (m) =>
        buttons((m.blocks ?? []) as Block[]).some((b) => b.value === String(incidentId)) ||
        (m.text ?? '').startsWith(`Incident #${incidentId}:`),
    );
}

function postsFor(slack: FakeSlack, incidentId: number): RecordedCall[] {
  return slack
    .calls('chat.postMessage')
    .filter((c) => String(c.args.text ?? '').startsWith(`Incident #${incidentId}:`));
}

async function submitDeclare(
  t: TestApp,
  values: Record<string, StateValue>,
  options: { userId?: string; channelId?: string } = {},
) {
  return signedPost(
    t.http,
    '/slack/action',
    viewSubmission({
      callbackId: 'incident-report',
      values,
      userId: options.userId ?? REPORTER.id,
      privateMetadata: sealedMetadata(
        { channel_id: options.channelId ?? 'CGENERAL' },
        options.userId ?? REPORTER.id,
      ),
    }),
  );
}

async function latestIncident(t: TestApp): Promise<IncidentDto> {
  const res = await coreApi(t).get('/core/incidents?limit=1').expect(200);
  return (res.body as { results: IncidentDto[] }).results[0];
}

/** The latest incident once its reporter's (and lead's) names have been filled in. */
async function waitForNames(t: TestApp): Promise<IncidentDto> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const incident = await latestIncident(t);
    if (incident.reporter?.full_name && (!incident.lead || incident.lead.full_name))
      return incident;
    if (Date.now() > deadline) return incident;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('Slack declare flow, headline post and buttons', () => {
  let slack: FakeSlack;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startFakeSlack();
    t = await startTestApp({ env: slackEnv(slack.url) });
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });
  beforeEach(() => {
    slack.reset();
    for (const user of [REPORTER, LEAD, CLICKER]) slack.seedUser(user);
  });

  it('/incident opens the report modal at once, prefilled with the text', async () => {
    const res = await signedPost(
      t.http,
      '/slack/slash_command',
      slashCommand({ text: 'Payments are failing', triggerId: 'trig-1' }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const [open] = slack.calls('views.open');
    expect(open.args.trigger_id).toBe('trig-1');
    const view = open.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string; element: Record<string, unknown> }[];
      title: { text: string };
    };
    expect(view.callback_id).toBe('incident-report');
    expect(view.title.text.length).toBeLessThanOrEqual(24);
    expect(openedMetadata(view.private_metadata, REPORTER.id)).toEqual({
      channel_id: 'CGENERAL',
      response_url: 'https://hooks.slack.test/commands/T0000001/1/abc',
    });
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'report',
      'summary',
      'impact',
      'lead',
      'severity',
      'private',
    ]);
    expect(view.blocks[0].element.initial_value).toBe('Payments are failing');
    const severity = view.blocks.find((b) => b.block_id === 'severity')!.element as {
      type: string;
      options: { value: string; text: { text: string } }[];
    };
    expect(severity.type).toBe('static_select');
    expect(severity.options.map((o) => [o.text.text, o.value])).toEqual([
      ['Critical', '1'],
      ['Major', '2'],
      ['Minor', '3'],
      ['Trivial', '4'],
    ]);
    expect((view.blocks.find((b) => b.block_id === 'lead')!.element as { type: string }).type).toBe(
      'users_select',
    );
  });

  it('prefills the modal with the command text as typed (Slack sends `&`, `<`, `>` escaped)', async () => {
    await signedPost(
      t.http,
      '/slack/slash_command',
      slashCommand({ text: 'R&amp;D &lt;api&gt; down', triggerId: 'trig-decode' }),
    );
    const open = slack.calls('views.open').find((c) => c.args.trigger_id === 'trig-decode')!;
    const view = open.args.view as { blocks: { element: Record<string, unknown> }[] };
    expect(view.blocks[0].element.initial_value).toBe('R&D <api> down');
  });

  it("thanks the reporter through the command's response_url, and falls back to chat.postEphemeral when it fails", async () => {
    const responseUrl = slack.responseUrl();
    await signedPost(
      t.http,
      '/slack/slash_command',
      slashCommand({ text: 'Thanks test', triggerId: 'trig-thanks', responseUrl }),
    );
    const view = slack.calls('views.open').find((c) => c.args.trigger_id === 'trig-thanks')!.args
      .view as { private_metadata: string };
    expect(openedMetadata(view.private_metadata, REPORTER.id)).toEqual({
      channel_id: 'CGENERAL',
      response_url: responseUrl,
    });

    const submit = () =>
      signedPost(
        t.http,
        '/slack/action',
        viewSubmission({
          callbackId: 'incident-report',
          values: { report: state.text('Thanks test') },
          privateMetadata: view.private_metadata,
        }),
      );
    expect((await submit()).status).toBe(200);
    const answer = await slack.waitFor(
      () => slack.calls('response_url')[0],
      5000,
      'answer on response_url',
    );
    expect(answer.args).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('Thanks for raising the incident'),
    });
    expect(new URL(responseUrl).pathname).toBe(answer.args.path);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.calls('chat.postEphemeral')).toEqual([]);

    // An expired response_url: the thanks goes through chat.postEphemeral instead.
    slack.failNext('response_url', { error: 'expired_url' });
    expect((await submit()).status).toBe(200);
    const fallback = await slack.waitFor(
      () => slack.calls('chat.postEphemeral')[0],
      5000,
      'fallback ephemeral',
    );
    expect(fallback.args).toMatchObject({
      channel: 'CGENERAL',
      user: REPORTER.id,
      text: expect.stringContaining('Thanks for raising the incident'),
    });
    expect(slack.calls('response_url')).toHaveLength(2);
  });

  it('tells the user when the modal cannot be opened', async () => {
    slack.failNext('views.open', { error: 'expired_trigger_id' });
    const res = await signedPost(t.http, '/slack/slash_command', slashCommand({ text: 'x' }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('/incident');
  });

  it('refuses an empty report and one over 200 characters with response_action errors, creating nothing', async () => {
    const before = (await coreApi(t).get('/core/incidents').expect(200)).body as { count: number };
    const empty = await submitDeclare(t, {
      report: state.text('   '),
      severity: state.option(null),
    });
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      response_action: 'errors',
      errors: { report: expect.any(String) },
    });
    const long = await submitDeclare(t, { report: state.text('x'.repeat(201)) });
    expect(long.body).toEqual({
      response_action: 'errors',
      errors: { report: expect.stringContaining('200') },
    });
    const exactly = await submitDeclare(t, { report: state.text('y'.repeat(200)) });
    expect(exactly.status).toBe(200);
    expect(exactly.text).toBe('');
    const after = (await coreApi(t).get('/core/incidents').expect(200)).body as { count: number };
    expect(after.count).toBe(before.count + 1);
  });

  it('submission creates the incident, thanks the reporter and posts the headline', async () => {
    const res = await submitDeclare(
      t,
      {
        report: state.text('Checkout is down'),
        summary: state.text('500s on /pay'),
        impact: state.text('All card payments'),
        lead: state.user(LEAD.id),
        severity: state.option('1', 'Critical'),
      },
      { channelId: 'CGENERAL' },
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');

    // The reporter and lead were not known yet: their names arrive from users.info just after.
    const incident = await waitForNames(t);
    expect(incident).toMatchObject({
      report: 'Checkout is down',
      summary: '500s on /pay',
      impact: 'All card payments',
      severity: '1',
      report_only: false,
      reporter: { external_id: REPORTER.id, full_name: 'Rita Reporter', display_name: 'rita' },
      lead: { external_id: LEAD.id, full_name: 'Lee Lead' },
    });

    const post = await slack.waitFor(() => postsFor(slack, incident.id)[0], 5000, 'headline post');
    expect(post.args.channel).toBe(TEST_INCIDENT_CHANNEL);
    const blocks = post.args.blocks as Block[];
    expect(blockText(blocks, 'report')).toContain('Checkout is down');
    expect(blockText(blocks, 'reporter')).toContain(`<@${REPORTER.id}>`);
    expect(blockText(blocks, 'lead')).toContain(`<@${LEAD.id}>`);
    expect(blockText(blocks, 'status')).toMatch(/:fire: \*Status:\* Live/);
    expect(blockText(blocks, 'severity')).toMatch(/:red_circle: \*Severity:\* Critical/);
    expect(blockText(blocks, 'incident_doc')).toContain(
      `${t.config.app.siteUrl}/incident/${incident.id}/`,
    );
    expect(blockText(blocks, 'comms_channel')).toBeUndefined();
    expect(buttons(blocks)).toEqual([
      expect.objectContaining({
        action_id: 'create-comms-channel-button',
        value: String(incident.id),
      }),
      expect.objectContaining({ action_id: 'edit-incident-button', value: String(incident.id) }),
      expect.objectContaining({
        action_id: 'post-status-update-button',
        value: String(incident.id),
      }),
      expect.objectContaining({ action_id: 'close-incident-button', value: String(incident.id) }),
    ]);

    const thanks = await slack.waitFor(
      () => slack.calls('chat.postEphemeral')[0],
      5000,
      'ephemeral thanks',
    );
    expect(thanks.args).toMatchObject({ channel: 'CGENERAL', user: REPORTER.id });
    expect(String(thanks.args.text)).toMatch(
      new RegExp(`^Thanks for raising the incident 🙏 Head over to <#${TEST_INCIDENT_CHANNEL}>`),
    );
  });

  it('answers a submission at once even when Slack is slow to describe new users; their names follow', async () => {
    const reporter = slack.seedUser({
      id: 'U0SLOWREP1',
      name: 'sam',
      real_name: 'Sam Slow',
      display_name: 'sam',
    });
    const lead = slack.seedUser({
      id: 'U0SLOWLEAD',
      name: 'lou',
      real_name: 'Lou Late',
      display_name: 'lou',
    });
    slack.seedUser({ id: 'U0SLOWNEW1', name: 'nia', real_name: 'Nia New', display_name: 'nia' });
    slack.methodLatencyMs['users.info'] = 2500;
    const res = await submitDeclare(
      t,
      { report: state.text('Slow directory'), lead: state.user(lead.id) },
      { userId: reporter.id },
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(res.ms).toBeLessThan(1000);
    const created = await latestIncident(t);
    expect(created).toMatchObject({
      report: 'Slow directory',
      reporter: { external_id: reporter.id },
      lead: { external_id: lead.id },
    });

    const save = await signedPost(
      t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-edit',
        privateMetadata: sealedMetadata({ incident: created.id }, reporter.id),
        userId: reporter.id,
        values: { report: state.text('Slow directory'), lead: state.user('U0SLOWNEW1') },
      }),
    );
    expect(save.status).toBe(200);
    expect(save.ms).toBeLessThan(1000);
    expect((await latestIncident(t)).lead?.external_id).toBe('U0SLOWNEW1');

    const named = await waitForNames(t);
    expect(named.reporter).toMatchObject({
      external_id: reporter.id,
      full_name: 'Sam Slow',
      display_name: 'sam',
    });
  });

  it('an incident declared through POST /core/incidents gets a headline, and later changes update the same message', async () => {
    const created = await coreApi(t)
      .post('/core/incidents', { report: 'Search is slow', reporter: { external_id: REPORTER.id } })
      .expect(201);
    const id = (created.body as IncidentDto).id;
    const post = await slack.waitFor(() => postsFor(slack, id)[0], 5000, 'headline post');
    const ts = (
      slack.messages(TEST_INCIDENT_CHANNEL).find((m) => m.text.startsWith(`Incident #${id}:`)) ?? {
        ts: '',
      }
    ).ts;
    expect(ts).not.toBe('');
    expect(blockText(post.args.blocks as Block[], 'severity')).toContain('Unset');

    await coreApi(t)
      .patch(`/core/incidents/${id}`, { severity: '2', summary: 'Index rebuild' })
      .expect(200);
    await coreApi(t)
      .patch(`/core/incidents/${id}`, { lead: { external_id: LEAD.id } })
      .expect(200);
    await slack.waitFor(
      () => {
        const message = headline(slack, TEST_INCIDENT_CHANNEL, id);
        const blocks = (message?.blocks ?? []) as Block[];
        return (
          blockText(blocks, 'severity')?.includes('Major') &&
          blockText(blocks, 'lead')?.includes(LEAD.id)
        );
      },
      8000,
      'updated headline',
    );
    const updates = slack.calls('chat.update').filter((c) => c.args.ts === ts);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.every((c) => c.args.channel === TEST_INCIDENT_CHANNEL)).toBe(true);
    expect(postsFor(slack, id)).toHaveLength(1);
  });

  it('Edit opens a prefilled modal; saving updates the incident and the same headline message', async () => {
    const created = await coreApi(t)
      .post('/core/incidents', {
        report: 'Login <b>errors</b> & timeouts',
        reporter: { external_id: REPORTER.id },
        lead: { external_id: LEAD.id },
        severity: '3',
        summary: 'Auth p99 up',
      })
      .expect(201);
    const id = (created.body as IncidentDto).id;
    await slack.waitFor(() => postsFor(slack, id)[0], 5000, 'headline post');

    const click = await signedPost(
      t.http,
      '/slack/action',
      await headlineClick(slack, id, {
        actionId: 'edit-incident-button',
        userId: CLICKER.id,
        triggerId: 'trig-edit',
      }),
    );
    expect(click.status).toBe(200);
    const open = slack.calls('views.open').find((c) => c.args.trigger_id === 'trig-edit')!;
    const view = open.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { block_id: string; element: Record<string, unknown> }[];
    };
    expect(view.callback_id).toBe('incident-edit');
    // Sealed for the clicker: the incident and who opened it, under an HMAC.
    expect(openedMetadata(view.private_metadata, CLICKER.id)).toEqual({ incident: id });
    expect(openedMetadata(view.private_metadata, REPORTER.id)).toBeNull();
    const element = (blockId: string) => view.blocks.find((b) => b.block_id === blockId)!.element;
    expect(element('report').initial_value).toBe('Login <b>errors</b> & timeouts');
    expect(element('summary').initial_value).toBe('Auth p99 up');
    expect(element('lead').initial_user).toBe(LEAD.id);
    expect((element('severity').initial_option as { value: string }).value).toBe('3');

    const unset = await signedPost(
      t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-edit',
        privateMetadata: view.private_metadata,
        userId: CLICKER.id,
        values: { report: state.text('Login errors'), severity: state.option(null) },
      }),
    );
    expect(unset.body).toEqual({
      response_action: 'errors',
      errors: { severity: expect.any(String) },
    });

    const save = await signedPost(
      t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-edit',
        privateMetadata: view.private_metadata,
        userId: CLICKER.id,
        values: {
          report: state.text('Login errors for EU users'),
          summary: state.text('Auth p99 up'),
          impact: state.text('EU logins'),
          lead: state.user(CLICKER.id),
          severity: state.option('2'),
        },
      }),
    );
    expect(save.status).toBe(200);
    expect(save.text).toBe('');
    const incident = (await coreApi(t).get(`/core/incidents/${id}`).expect(200))
      .body as IncidentDto;
    expect(incident).toMatchObject({
      report: 'Login errors for EU users',
      impact: 'EU logins',
      severity: '2',
      lead: { external_id: CLICKER.id },
    });

    const first = postsFor(slack, id)[0];
    expect(first).toBeDefined();
    await slack.waitFor(
      () =>
        blockText(
          (headline(slack, TEST_INCIDENT_CHANNEL, id)?.blocks ?? []) as Block[],
          'report',
        )?.includes('EU users'),
      8000,
      'edited headline',
    );
    expect(postsFor(slack, id)).toHaveLength(1);
  });

  it('Close sets end_time; the headline shows Resolved and loses its buttons', async () => {
    const created = await coreApi(t)
      .post('/core/incidents', { report: 'Queue backlog', reporter: { external_id: REPORTER.id } })
      .expect(201);
    const id = (created.body as IncidentDto).id;
    await slack.waitFor(() => postsFor(slack, id)[0], 5000, 'headline post');
    const click = await signedPost(
      t.http,
      '/slack/action',
      await headlineClick(slack, id, { actionId: 'close-incident-button', userId: CLICKER.id }),
    );
    expect(click.status).toBe(200);
    const incident = (await coreApi(t).get(`/core/incidents/${id}`).expect(200))
      .body as IncidentDto;
    expect(incident.end_time).not.toBeNull();
    expect(incident.is_closed).toBe(true);
    await slack.waitFor(
      () => {
        const blocks = (headline(slack, TEST_INCIDENT_CHANNEL, id)?.blocks ?? []) as Block[];
        return blockText(blocks, 'status')?.includes('Resolved') && buttons(blocks).length === 0;
      },
      8000,
      'closed headline',
    );
    // A second click is harmless.
    expect(
      (
        await signedPost(
          t.http,
          '/slack/action',
          await headlineClick(slack, id, { actionId: 'close-incident-button' }),
        )
      ).status,
    ).toBe(200);
    expect(postsFor(slack, id)).toHaveLength(1);
  });

  it('buttons naming an unknown incident are acked and ignored', async () => {
    for (const actionId of [
      'edit-incident-button',
      'close-incident-button',
      'create-comms-channel-button',
    ]) {
      const res = await signedPost(
        t.http,
        '/slack/action',
        blockActions({ actionId, value: '987654' }),
      );
      expect(res.status).toBe(200);
      const garbage = await signedPost(
        t.http,
        '/slack/action',
        blockActions({ actionId, value: 'DROP TABLE' }),
      );
      expect(garbage.status).toBe(200);
    }
    expect(slack.calls('views.open')).toEqual([]);
  });

  it('Create comms channel makes one channel even on a double click, and the headline links it', async () => {
    const created = await coreApi(t)
      .post('/core/incidents', {
        report: 'Card Payments Outage',
        reporter: { external_id: REPORTER.id },
        lead: { external_id: LEAD.id },
      })
      .expect(201);
    const id = (created.body as IncidentDto).id;
    await slack.waitFor(() => postsFor(slack, id)[0], 5000, 'headline post');
    const body = await headlineClick(slack, id, {
      actionId: 'create-comms-channel-button',
      userId: CLICKER.id,
    });
    const click = () => signedPost(t.http, '/slack/action', body);
    const [a, b] = await Promise.all([click(), click()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await slack.waitFor(
      () => {
        const blocks = (headline(slack, TEST_INCIDENT_CHANNEL, id)?.blocks ?? []) as Block[];
        return (
          blockText(blocks, 'comms_channel') &&
          !buttons(blocks).some((x) => x.action_id === 'create-comms-channel-button')
        );
      },
      10000,
      'headline with comms channel',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const creates = slack
      .calls('conversations.create')
      .filter((c) => String(c.args.name).startsWith(`inc-${id}-`));
    expect(creates).toHaveLength(1);
    const channelId = slack.channelByName(String(creates[0].args.name))!.id;
    expect(
      blockText(
        (headline(slack, TEST_INCIDENT_CHANNEL, id)?.blocks ?? []) as Block[],
        'comms_channel',
      ),
    ).toContain(`<#${channelId}>`);
    expect(postsFor(slack, id)).toHaveLength(1);
  });
});

describe('Slack declare with a report channel', () => {
  let slack: FakeSlack;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.seedUser(REPORTER);
    t = await startTestApp({
      env: slackEnv(slack.url, { INCIDENT_REPORT_CHANNEL_ID: TEST_REPORT_CHANNEL }),
    });
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  it('asks live or report, and posts report-only incidents to the report channel without a channel button', async () => {
    await signedPost(
      t.http,
      '/slack/slash_command',
      slashCommand({ text: 'Typo on the pricing page' }),
    );
    const view = slack.calls('views.open')[0].args.view as {
      blocks: { block_id: string; element: { options?: { value: string }[] } }[];
    };
    expect(view.blocks.map((b) => b.block_id)).toEqual([
      'report',
      'kind',
      'summary',
      'impact',
      'lead',
      'severity',
      'private',
    ]);
    expect(view.blocks[1].element.options!.map((o) => o.value)).toEqual(['live', 'report']);

    const res = await submitDeclare(t, {
      report: state.text('Typo on the pricing page'),
      kind: state.radio('report'),
    });
    expect(res.status).toBe(200);
    const incident = await latestIncident(t);
    expect(incident.report_only).toBe(true);
    const post = await slack.waitFor(() => postsFor(slack, incident.id)[0], 5000, 'headline post');
    expect(post.args.channel).toBe(TEST_REPORT_CHANNEL);
    const blocks = post.args.blocks as Block[];
    expect(blockText(blocks, 'status')).toContain('Reported');
    expect(buttons(blocks).map((b) => b.action_id)).toEqual([
      'edit-incident-button',
      'close-incident-button',
    ]);
    const thanks = await slack.waitFor(() => slack.calls('chat.postEphemeral')[0], 5000, 'thanks');
    expect(String(thanks.args.text)).toContain(`<#${TEST_REPORT_CHANNEL}>`);
  });
});
