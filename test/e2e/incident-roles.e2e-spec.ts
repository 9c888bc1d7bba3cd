import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import {
  incidentDtoSchema,
  timelineEntryDtoSchema,
  type IncidentDto,
  type Paginated,
  type TimelineEntryDto,
} from '@response/contracts';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import type { FakeMessage } from '../fakes/fake-slack.js';
import { dataSource } from '../factories/core.js';
import { coreApi } from '../support/core-api.js';
import { headlineClick, signedPost, state, viewSubmission } from '../support/slack.js';
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
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

/**
 * Roles besides the lead (`INCIDENT_ROLES`, here the default `comms=Comms
 * lead,scribe=Scribe`): given by command, through `/core` and in the edit
 * form; the holder joins the comms channel and gets one DM; the headline and
 * the timeline say who holds what.
 */

const PASSWORD = 'roles-password-1';
const VIEWER = 'vera';
/** A responder linked to Alice's Slack user. */
const ALICE_ACCOUNT = 'alice';
/** A responder with no Slack user: it acts as its web user. */
const WEB_ACCOUNT = 'wendy';
/** A responder who takes part in nothing. */
const OUTSIDER = 'otto';

type Block = { block_id?: string; text?: { text: string } };

describe('incident roles', () => {
  let h: CommsHarness;

  const as = (username: string) => {
    const auth = `Basic ${Buffer.from(`${username}:${PASSWORD}`).toString('base64')}`;
    return {
      get: (path: string) => h.t.http().get(path).set('Authorization', auth),
      put: (path: string, body: unknown) =>
        h.t
          .http()
          .put(path)
          .set('Authorization', auth)
          .send(body as object),
      patch: (path: string, body: unknown) =>
        h.t
          .http()
          .patch(path)
          .set('Authorization', auth)
          .send(body as object),
      delete: (path: string) => h.t.http().delete(path).set('Authorization', auth),
    };
  };
  const api = () => coreApi(h.t);
  const rolesOf = async (id: number) => (await getIncident(h.t, id)).roles;
  const holder = async (id: number, role: string) =>
    (await rolesOf(id)).find((r) => r.role === role)?.user?.external_id ?? null;
  const timeline = async (id: number): Promise<string[]> =>
    (
      (await api().get(`/core/incidents/${id}/timeline/events?limit=100`).expect(200))
        .body as Paginated<TimelineEntryDto>
    ).results.map((entry) => entry.text);
  /** DMs the app delivered to a user, in the fake Slack. */
  const dmsTo = (user: string): FakeMessage[] => {
    const im = h.slack.channelByName(user);
    return im?.is_im ? h.slack.messages(im.id) : [];
  };
  const invites = (channel: string, user: string) =>
    h.slack
      .calls('conversations.invite')
      .filter((call) => call.args.channel === channel && call.args.users === user);
  const headlineRoles = (incidentId: number): string | undefined => {
    const message = h.slack
      .messages('CINCIDENTS')
      .find((m) => m.text.startsWith(`Incident #${incidentId}:`));
    return ((message?.blocks ?? []) as Block[]).find((b) => b.block_id === 'roles')?.text?.text;
  };

  beforeAll(async () => {
    h = await startCommsApp();
    const accounts = h.t.app.get(AccountsService);
    const [alice] = (await dataSource(h.t).query(
      `INSERT INTO external_user (app_id, external_id, display_name, full_name, deleted)
       VALUES ('slack', $1, 'alice', 'Alice Able', false) RETURNING id`,
      [People.alice.id],
    )) as { id: number }[];
    await accounts.create({ username: VIEWER, password: PASSWORD, role: 'viewer' });
    await accounts.create({
      username: ALICE_ACCOUNT,
      password: PASSWORD,
      role: 'responder',
      externalUserId: alice.id,
    });
    await accounts.create({ username: WEB_ACCOUNT, password: PASSWORD, role: 'responder' });
    await accounts.create({ username: OUTSIDER, password: PASSWORD, role: 'responder' });
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(() => {
    h.slack.reset();
    seedPeople(h.slack);
  });

  it('the incident JSON lists every configured role in order, unheld ones with user null', async () => {
    const incident = await declare(h.t, { report: 'Roles listed' });
    const empty = [
      { role: 'comms', name: 'Comms lead', user: null },
      { role: 'scribe', name: 'Scribe', user: null },
    ];
    expect(incident.roles).toEqual(empty);
    const list = (await api().get('/core/incidents?limit=5').expect(200))
      .body as Paginated<IncidentDto>;
    expect(list.results.find((i) => i.id === incident.id)?.roles).toEqual(empty);
    // A holder of a role that is no longer configured is kept but not listed.
    await dataSource(h.t).query(
      `INSERT INTO incident_role (incident_id, role, user_id, assigned_at)
       SELECT $1, 'retired', id, now() FROM external_user WHERE external_id = $2`,
      [incident.id, People.alice.id],
    );
    expect(await rolesOf(incident.id)).toEqual(empty);
  });

  it('PUT gives a role: the holder joins the channel and gets one DM, the headline and timeline say so', async () => {
    const { incident, channel } = await incidentWithChannel(h, { report: 'Card payments down' });
    const path = `/core/incidents/${incident.id}/roles/comms`;
    const res = await api()
      .put(path, { user: { external_id: People.alice.id } })
      .expect(200);
    const body = res.body as IncidentDto;
    expect(body.id).toBe(incident.id);
    expect(body.roles[0]).toMatchObject({
      role: 'comms',
      name: 'Comms lead',
      user: { app_id: 'slack', external_id: People.alice.id, display_name: 'alice' },
    });
    expect(body.roles[1]).toEqual({ role: 'scribe', name: 'Scribe', user: null });
    // The answer is the incident as the contract describes it (the schema is strict).
    expect(incidentDtoSchema.safeParse(body).error?.issues).toBeUndefined();

    await h.slack.waitFor(
      () => h.slack.channel(channel)?.members.has(People.alice.id),
      10_000,
      'Alice invited',
    );
    const [dm] = await h.slack.waitFor(
      () => (dmsTo(People.alice.id).length > 0 ? dmsTo(People.alice.id) : null),
      10_000,
      'DM to Alice',
    );
    expect(dm.text).toContain('*Comms lead* of incident');
    expect(dm.text).toContain(`${h.t.url}/incident/${incident.id}/`);
    expect(dm.text).toContain(`<#${channel}>`);
    await h.slack.waitFor(
      () => headlineRoles(incident.id)?.includes(`*Comms lead:* <@${People.alice.id}>`),
      10_000,
      'headline showing the comms lead',
    );

    // The same holder again changes nothing: no entry, no second invite or DM.
    await api()
      .put(path, { user: { external_id: People.alice.id, app_id: 'slack' } })
      .expect(200);
    await settle();
    expect(invites(channel, People.alice.id)).toHaveLength(1);
    expect(dmsTo(People.alice.id)).toHaveLength(1);
    expect(await timeline(incident.id)).toEqual(['Comms lead: alice, by admin']);
    const [entry] = (
      (await api().get(`/core/incidents/${incident.id}/timeline/events`).expect(200))
        .body as Paginated<TimelineEntryDto>
    ).results;
    expect(timelineEntryDtoSchema.safeParse(entry).error?.issues).toBeUndefined();
    expect(entry).toMatchObject({
      event_type: 'incident_update',
      metadata: {
        update_type: 'incident_role',
        role: 'comms',
        role_name: 'Comms lead',
        old_value: null,
        new_value: { external_id: People.alice.id },
        by: { app_id: 'web', external_id: 'admin' },
      },
    });
    const report = await api().get(`/core/incidents/${incident.id}/report.md`).expect(200);
    expect(report.text).toContain('- **Lead:** none\n- **Comms lead:** @alice (Alice Able)\n');
    expect(report.text).not.toContain('Scribe');
  });

  it('DELETE, or PUT with user null, clears a role; the headline drops it', async () => {
    const { incident } = await incidentWithChannel(h, { report: 'Clearing roles' });
    const base = `/core/incidents/${incident.id}/roles`;
    await api()
      .put(`${base}/comms`, { user: { external_id: People.alice.id } })
      .expect(200);
    await api()
      .put(`${base}/scribe`, { user: { external_id: People.lead.id } })
      .expect(200);
    await h.slack.waitFor(
      () => headlineRoles(incident.id)?.includes('*Scribe:*'),
      10_000,
      'headline with two roles',
    );
    const cleared = (await api().delete(`${base}/comms`).expect(200)).body as IncidentDto;
    expect(cleared.roles[0].user).toBeNull();
    const none = (await api().put(`${base}/scribe`, { user: null }).expect(200))
      .body as IncidentDto;
    expect(none.roles.map((r) => r.user)).toEqual([null, null]);
    await api().delete(`${base}/scribe`).expect(200);
    await h.slack.waitFor(
      () => headlineRoles(incident.id) === undefined,
      10_000,
      'headline without roles',
    );
    expect(await timeline(incident.id)).toEqual([
      'Comms lead: alice, by admin',
      'Scribe: lee, by admin',
      'Comms lead: nobody (was alice), by admin',
      'Scribe: nobody (was lee), by admin',
    ]);
  });

  it('answers 404 JSON for an unknown role whatever the body, and 400 for a bad body or an unknown user', async () => {
    const incident = await declare(h.t, { report: 'Bad role requests' });
    for (const role of ['ops', 'lead', 'COMMS']) {
      const res = await api()
        .put(`/core/incidents/${incident.id}/roles/${role}`, { nonsense: true })
        .expect(404);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.message).toBe(`Role "${role}" not found (the roles are: comms, scribe)`);
      await api().delete(`/core/incidents/${incident.id}/roles/${role}`).expect(404);
    }
    await api().put(`/core/incidents/999999/roles/comms`, { user: null }).expect(404);
    const missing = await api().put(`/core/incidents/${incident.id}/roles/comms`, {}).expect(400);
    expect(Object.keys(missing.body.errors)).toEqual(['user']);
    const unknown = await api()
      .put(`/core/incidents/${incident.id}/roles/comms`, { user: { external_id: 'UNOBODY99' } })
      .expect(400);
    expect(unknown.body.errors).toEqual({ user: 'Unknown user "UNOBODY99"' });
    expect(await rolesOf(incident.id)).toEqual([
      { role: 'comms', name: 'Comms lead', user: null },
      { role: 'scribe', name: 'Scribe', user: null },
    ]);
    expect(await timeline(incident.id)).toEqual([]);
  });

  it('a web user takes a role by app_id and external_id, with no Slack invite or DM', async () => {
    const { incident } = await incidentWithChannel(h, { report: 'Web scribe' });
    const path = `/core/incidents/${incident.id}`;
    // An account's web user exists once the account has changed something.
    await as(WEB_ACCOUNT).patch(path, { summary: 'Wendy was here' }).expect(200);
    await as(WEB_ACCOUNT)
      .put(`${path}/roles/scribe`, { user: { app_id: 'web', external_id: 'nobody-here' } })
      .expect(400);
    const before = h.slack.calls().length;
    const res = await as(WEB_ACCOUNT)
      .put(`${path}/roles/scribe`, { user: { app_id: 'web', external_id: WEB_ACCOUNT } })
      .expect(200);
    expect((res.body as IncidentDto).roles[1].user).toMatchObject({
      app_id: 'web',
      external_id: WEB_ACCOUNT,
    });
    await h.slack.waitFor(
      () => headlineRoles(incident.id)?.includes(`*Scribe:* ${WEB_ACCOUNT}`),
      10_000,
      'headline naming the web user',
    );
    await settle(500);
    const after = h.slack.calls().slice(before);
    expect(after.filter((c) => c.method === 'conversations.invite')).toEqual([]);
    expect(after.filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    expect((await timeline(incident.id)).at(-1)).toBe(`Scribe: ${WEB_ACCOUNT}, by ${WEB_ACCOUNT}`);
  });

  it('viewers get 403; a private incident is hidden (404) from outsiders and seen by role holders', async () => {
    const open = await declare(h.t, { report: 'Public roles' });
    await as(VIEWER)
      .put(`/core/incidents/${open.id}/roles/comms`, { user: { external_id: People.alice.id } })
      .expect(403);
    await as(VIEWER).delete(`/core/incidents/${open.id}/roles/comms`).expect(403);
    expect(await holder(open.id, 'comms')).toBeNull();

    // Wendy's web user exists once her account has changed something.
    await as(WEB_ACCOUNT).patch(`/core/incidents/${open.id}`, { impact: 'Some' }).expect(200);
    const secret = await declare(h.t, { report: 'Private roles', private: true });
    const path = `/core/incidents/${secret.id}`;
    for (const who of [ALICE_ACCOUNT, WEB_ACCOUNT, OUTSIDER]) await as(who).get(path).expect(404);
    const hidden = await as(OUTSIDER)
      .put(`${path}/roles/comms`, { user: { external_id: People.alice.id } })
      .expect(404);
    expect(hidden.body.message).toBe(`Incident ${secret.id} not found`);
    await as(OUTSIDER).delete(`${path}/roles/comms`).expect(404);
    expect(await holder(secret.id, 'comms')).toBeNull();

    await api()
      .put(`${path}/roles/comms`, { user: { external_id: People.alice.id } })
      .expect(200);
    await api()
      .put(`${path}/roles/scribe`, { user: { app_id: 'web', external_id: WEB_ACCOUNT } })
      .expect(200);
    // Holding a role is taking part: both see it, in the list too, and may change its roles.
    for (const who of [ALICE_ACCOUNT, WEB_ACCOUNT]) {
      await as(who).get(path).expect(200);
      const list = (await as(who).get('/core/incidents?limit=100').expect(200))
        .body as Paginated<IncidentDto>;
      expect(list.results.map((i) => i.id)).toContain(secret.id);
    }
    await as(OUTSIDER).get(path).expect(404);
    await as(ALICE_ACCOUNT).delete(`${path}/roles/scribe`).expect(200);
    await as(WEB_ACCOUNT).get(path).expect(404);
    expect(await timeline(secret.id)).toEqual([
      'Comms lead: alice, by admin',
      `Scribe: ${WEB_ACCOUNT}, by admin`,
      `Scribe: nobody (was ${WEB_ACCOUNT}), by alice`,
    ]);
  });

  it('@incident role gives, takes and clears roles; an unknown role gets an ephemeral list of the roles', async () => {
    const { incident, channel } = await incidentWithChannel(h, { report: 'Roles by command' });
    const ok = await mention(h, channel, `role comms <@${People.alice.id}|alice>`, People.lead.id);
    await reactedWith(h, channel, ok, 'white_check_mark');
    expect(await holder(incident.id, 'comms')).toBe(People.alice.id);
    await h.slack.waitFor(() => dmsTo(People.alice.id).length > 0, 10_000, 'DM to Alice');
    await h.slack.waitFor(
      () => h.slack.channel(channel)?.members.has(People.alice.id),
      10_000,
      'Alice invited',
    );

    const self = await mention(h, channel, 'role Scribe', People.clicker.id);
    await reactedWith(h, channel, self, 'white_check_mark');
    expect(await holder(incident.id, 'scribe')).toBe(People.clicker.id);

    const clear = await mention(h, channel, 'role comms none', People.lead.id);
    await reactedWith(h, channel, clear, 'white_check_mark');
    expect(await holder(incident.id, 'comms')).toBeNull();

    const unknown = await mention(h, channel, 'role ops <@U0LEAD0001>', People.reporter.id);
    expect(await reactedWith(h, channel, unknown, 'question')).toEqual(['question']);
    const answer = await h.slack.waitFor(() =>
      h.slack
        .calls('chat.postEphemeral')
        .find(
          (c) => c.args.channel === channel && String(c.args.text).startsWith('There is no role'),
        ),
    );
    expect(answer.args.user).toBe(People.reporter.id);
    expect(answer.args.text).toBe(
      [
        'There is no role `ops`. The roles of this incident:',
        '• `comms` – Comms lead: nobody yet',
        `• \`scribe\` – Scribe: <@${People.clicker.id}>`,
        'Give one with `@incident role comms @someone` (or just `@incident role comms` to take it), clear it with `@incident role comms none`.',
      ].join('\n'),
    );

    const bad = await mention(h, channel, 'role comms somebody', People.reporter.id);
    await reactedWith(h, channel, bad, 'question');
    expect(await holder(incident.id, 'comms')).toBeNull();

    await settle();
    expect(dmsTo(People.alice.id)).toHaveLength(1);
    expect(dmsTo(People.clicker.id)).toHaveLength(1);
    expect(invites(channel, People.alice.id)).toHaveLength(1);
    expect(await timeline(incident.id)).toEqual([
      'Comms lead: alice, by lee',
      'Scribe: cliff, by cliff',
      'Comms lead: nobody (was alice), by lee',
    ]);
  });

  it('the edit form shows every role with its holder; saving gives and clears them', async () => {
    const { incident, channel } = await incidentWithChannel(h, { report: 'Roles in the form' });
    await api()
      .put(`/core/incidents/${incident.id}/roles/scribe`, {
        user: { external_id: People.alice.id },
      })
      .expect(200);
    const click = await signedPost(
      h.t.http,
      '/slack/action',
      await headlineClick(h.slack, incident.id, {
        actionId: 'edit-incident-button',
        userId: People.lead.id,
        triggerId: 'trig-roles',
      }),
    );
    expect(click.status).toBe(200);
    const view = h.slack.calls('views.open').find((c) => c.args.trigger_id === 'trig-roles')!.args
      .view as {
      private_metadata: string;
      blocks: { block_id: string; label?: { text: string }; element?: Record<string, unknown> }[];
    };
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids.slice(ids.indexOf('lead'), ids.indexOf('lead') + 4)).toEqual([
      'lead',
      'role:comms',
      'role:scribe',
      'severity',
    ]);
    const block = (id: string) => view.blocks.find((b) => b.block_id === id)!;
    expect(block('role:comms').label?.text).toBe('Comms lead');
    expect(block('role:comms').element).toMatchObject({ type: 'users_select' });
    expect(block('role:comms').element?.initial_user).toBeUndefined();
    expect(block('role:scribe').element?.initial_user).toBe(People.alice.id);

    const save = await signedPost(
      h.t.http,
      '/slack/action',
      viewSubmission({
        callbackId: 'incident-edit',
        privateMetadata: view.private_metadata,
        userId: People.lead.id,
        values: {
          report: state.text('Roles in the form'),
          lead: state.user(null),
          'role:comms': state.user(People.clicker.id),
          'role:scribe': state.user(null),
          severity: state.option(null),
        },
      }),
    );
    expect(save.status).toBe(200);
    expect(save.text).toBe('');
    expect((await rolesOf(incident.id)).map((r) => r.user?.external_id ?? null)).toEqual([
      People.clicker.id,
      null,
    ]);
    await h.slack.waitFor(
      () => dmsTo(People.clicker.id).length > 0,
      10_000,
      'DM to the new holder',
    );
    await h.slack.waitFor(
      () => h.slack.channel(channel)?.members.has(People.clicker.id),
      10_000,
      'new holder invited',
    );
    await eventually(
      async () => headlineRoles(incident.id)?.includes(`*Comms lead:* <@${People.clicker.id}>`),
      10_000,
      'headline with the new holder',
    );
    // Someone the app had not met yet is named by their Slack id until their profile is filled in.
    const texts = await timeline(incident.id);
    expect(texts.slice(-2)).toEqual([
      expect.stringMatching(/^Comms lead: (cliff|U0CLICKER), by (lee|U0LEAD0001)$/),
      expect.stringMatching(/^Scribe: nobody \(was alice\), by (lee|U0LEAD0001)$/),
    ]);
  });

  it('holders join the comms channel when it is made after they took the role', async () => {
    const incident = await declare(h.t, { report: 'Channel later' });
    await api()
      .put(`/core/incidents/${incident.id}/roles/comms`, { user: { external_id: People.alice.id } })
      .expect(200);
    const [dm] = await h.slack.waitFor(
      () => (dmsTo(People.alice.id).length > 0 ? dmsTo(People.alice.id) : null),
      10_000,
      'DM without a channel yet',
    );
    expect(dm.text).not.toContain('comms channel');
    await clickCreateChannel(h, incident.id);
    const channel = await eventually(
      async () => (await getIncident(h.t, incident.id)).comms_channel?.channel_id,
      10_000,
      'comms channel',
    );
    await h.slack.waitFor(
      () => h.slack.channel(channel)?.members.has(People.alice.id),
      10_000,
      'holder invited to the new channel',
    );
    await settle(500);
    expect(dmsTo(People.alice.id)).toHaveLength(1);
  });
});
