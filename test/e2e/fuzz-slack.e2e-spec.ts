import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import pg from 'pg';
import { HeadlineActionIds } from '../../libs/response/src/comms/headline/headline-blocks.js';
import { Field, ModalIds } from '../../libs/response/src/comms/declare/incident-modals.js';
import {
  SnoozeActions,
  STATUS_UPDATE_INPUT,
  STATUS_UPDATE_MODAL,
} from '../../libs/response/src/comms/updates/status-update-messages.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import {
  blockActions,
  eventCallback,
  formBody,
  signedPost,
  slackEnv,
  slashCommand,
  viewSubmission,
  type SignedResponse,
  type SlackBody,
} from '../support/slack.js';

/**
 * Hostile input on the three Slack endpoints: every request is validly signed,
 * so it passes the signature check, and carries garbage inside. Nothing may
 * answer 5xx, every error is JSON with a message, and the app keeps serving.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const COMMS_CHANNEL = 'CFUZZCOMMS';

const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '<@U0REPORTER>',
    '<@U0NOSUCHUSER|nobody>',
    '<#C123|chan>',
    '<!channel>',
    'severity critical',
    'severity 9',
    'lead <@U0REPORTER>',
    'summary ' + 'z'.repeat(5000),
    'rename ' + 'Ünïcødé name!!',
    'rename ' + 'a'.repeat(200),
    'close',
    'help',
    '<script>alert(1)</script>',
    "'; DROP TABLE incident; --",
    '\u0000',
    '\ud800',
    '%ZZ',
    'NaN',
    '-1',
    '1e309',
    '9007199254740993',
    'x'.repeat(100_000),
  ),
);

const jsonish: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null)),
  node: fc.oneof(
    { depthSize: 'small' },
    tie('leaf'),
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(
      fc.oneof(
        fc.string({ maxLength: 10 }),
        fc.constantFrom(
          'id',
          'type',
          'value',
          'text',
          'ts',
          'channel',
          'user',
          'selected_option',
          '__proto__',
        ),
      ),
      tie('node'),
      { maxKeys: 4 },
    ),
  ),
})).node;

/** Replaces some fields of an object with garbage, or deletes them. */
function mangle(base: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(base);
  return fc
    .dictionary(
      fc.constantFrom(...keys, 'extra', '__proto__'),
      fc.oneof(jsonish, fc.constant(undefined)),
      { maxKeys: 3 },
    )
    .map((changes) => {
      const out: Record<string, unknown> = { ...base };
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined) delete out[key];
        else out[key] = value;
      }
      return out;
    });
}

const parsed = (body: SlackBody) =>
  JSON.parse(new URLSearchParams(body.raw).get('payload')!) as Record<string, unknown>;
const form = (fields: Record<string, unknown>) =>
  formBody(
    Object.fromEntries(
      Object.entries(fields).map(([k, v]) => [
        k,
        typeof v === 'string' ? v : (JSON.stringify(v) ?? ''),
      ]),
    ),
  );

const SLASH_FIELDS = [
  'command',
  'text',
  'user_id',
  'user_name',
  'channel_id',
  'channel_name',
  'trigger_id',
  'team_id',
  'response_url',
  'api_app_id',
];

const slashBodies: fc.Arbitrary<SlackBody> = fc.oneof(
  // A real-looking command with a hostile text.
  fc
    .record({
      text: hostileString,
      channel: fc.constantFrom('CGENERAL', COMMS_CHANNEL, '', 'C'.repeat(300)),
    })
    .map(({ text, channel }) => slashCommand({ text, channelId: channel })),
  // Real fields, some of them replaced or dropped.
  mangle(Object.fromEntries(new URLSearchParams(slashCommand({ text: 'db down' }).raw))).map(form),
  // Random form fields.
  fc
    .dictionary(
      fc.oneof(fc.constantFrom(...SLASH_FIELDS), fc.string({ maxLength: 20 })),
      hostileString,
      { maxKeys: 12 },
    )
    .map((f) => formBody(f)),
  // Not a form at all.
  fc
    .string({ maxLength: 300 })
    .map((raw) => ({ raw, contentType: 'application/x-www-form-urlencoded' })),
  jsonish.map((value) => ({
    raw: JSON.stringify(value) ?? 'null',
    contentType: 'application/json',
  })),
);

const actionIds = [
  HeadlineActionIds.CreateCommsChannel,
  HeadlineActionIds.Edit,
  HeadlineActionIds.Close,
  HeadlineActionIds.PostUpdate,
  SnoozeActions[0].id,
  'unknown-button',
];

const actionBodies: fc.Arbitrary<SlackBody> = fc.oneof(
  // Headline buttons with hostile values (incident ids that exist, do not, or are not numbers).
  fc
    .record({
      actionId: fc.constantFrom(...actionIds),
      value: fc.oneof(hostileString, fc.integer({ min: -2, max: 5 }).map(String)),
    })
    .map((input) => blockActions(input)),
  fc
    .constantFrom(...actionIds)
    .chain((actionId) =>
      mangle(parsed(blockActions({ actionId, value: '1' }))).map((payload) => form({ payload })),
    ),
  // Modal submissions with hostile values.
  fc
    .record({
      callbackId: fc.constantFrom(
        ModalIds.Report,
        ModalIds.Edit,
        STATUS_UPDATE_MODAL,
        'other-modal',
      ),
      privateMetadata: fc.oneof(
        hostileString,
        fc.constantFrom('1', '{"incidentId":1}', '{"channel_id":"C1"}'),
      ),
      values: fc.dictionary(
        fc.constantFrom(...Object.values(Field), STATUS_UPDATE_INPUT, 'other'),
        jsonish
          .filter((v) => v !== null && typeof v === 'object')
          .map((v) => v as Record<string, unknown>),
        {
          maxKeys: 6,
        },
      ),
    })
    .map((input) => viewSubmission(input)),
  fc
    .record({
      report: hostileString,
      severity: fc.oneof(hostileString, fc.constantFrom('1', '2', '3', '4')),
      lead: hostileString,
    })
    .map(({ report, severity, lead }) =>
      viewSubmission({
        callbackId: ModalIds.Report,
        values: {
          [Field.Report]: { type: 'plain_text_input', value: report },
          [Field.Severity]: { type: 'static_select', selected_option: { value: severity } },
          [Field.Lead]: { type: 'users_select', selected_user: lead },
        },
      }),
    ),
  mangle(
    parsed(viewSubmission({ callbackId: ModalIds.Edit, values: {}, privateMetadata: '1' })),
  ).map((payload) => form({ payload })),
  // payload= with random JSON, non-JSON text, or other fields.
  jsonish.map((payload) => form({ payload: JSON.stringify(payload) ?? 'undefined' })),
  fc.string({ maxLength: 200 }).map((payload) => formBody({ payload })),
  fc
    .dictionary(fc.string({ maxLength: 10 }), hostileString, { maxKeys: 4 })
    .map((f) => formBody(f)),
);

const EVENT_TYPES = [
  'message',
  'app_mention',
  'pin_added',
  'pin_removed',
  'reaction_added',
  'reaction_removed',
  'channel_rename',
  'member_joined_channel',
  'channel_archive',
  'user_change',
  'team_join',
  'unknown_event',
];

const eventBodies: fc.Arbitrary<SlackBody> = fc.oneof(
  // event_callback envelopes with known or random types and hostile fields; many in the comms channel of an incident.
  fc
    .record({
      type: fc.oneof(fc.constantFrom(...EVENT_TYPES), fc.string({ maxLength: 20 })),
      fields: fc.dictionary(
        fc.constantFrom(
          'user',
          'text',
          'ts',
          'channel',
          'channel_id',
          'item',
          'reaction',
          'item_user',
          'subtype',
          'bot_id',
          'message',
          'thread_ts',
          'event_ts',
          'blocks',
        ),
        jsonish,
        { maxKeys: 8 },
      ),
      channel: fc.constantFrom(COMMS_CHANNEL, 'CRANDOM', ''),
      text: hostileString,
    })
    .map(({ type, fields, channel, text }) =>
      eventCallback({
        type,
        channel,
        user: 'U0REPORTER',
        text: `<@UBOT0001> ${text}`,
        ts: `${(Date.now() / 1000).toFixed(6)}`,
        ...fields,
      }),
    ),
  // Envelopes with fields replaced or dropped.
  mangle(
    JSON.parse(
      eventCallback({ type: 'message', channel: COMMS_CHANNEL, text: 'hi', user: 'U0REPORTER' })
        .raw,
    ) as Record<string, unknown>,
  ).map((value) => ({ raw: JSON.stringify(value), contentType: 'application/json' })),
  fc
    .record({
      type: fc.constantFrom('url_verification', 'app_rate_limited', 'event_callback'),
      challenge: jsonish,
      event_id: jsonish,
      event: jsonish,
    })
    .map((value) => ({
      raw: JSON.stringify(value),
      contentType: 'application/json',
    })),
  jsonish.map((value) => ({ raw: JSON.stringify(value) ?? '', contentType: 'application/json' })),
  fc.string({ maxLength: 300 }).map((raw) => ({
    raw,
    contentType: fc.sample(
      fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
      1,
    )[0],
  })),
);

interface Tally {
  statuses: Map<number, number>;
  bad: { status: number; body: string; request: string }[];
}

function check(tally: Tally, body: SlackBody, res: SignedResponse): void {
  tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
  const isJsonError =
    res.status < 400 ||
    (typeof res.body === 'object' &&
      res.body !== null &&
      typeof (res.body as { message?: unknown }).message === 'string');
  if (res.status >= 500 || !isJsonError)
    tally.bad.push({
      status: res.status,
      body: res.text.slice(0, 300),
      request: body.raw.slice(0, 300),
    });
}

// Thousands of requests per test: on a loaded machine they need more than the default minute.
jest.setTimeout(240_000);

describe('fuzzing the Slack endpoints with validly signed garbage', () => {
  let slack: FakeSlack;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.seedUser({ id: 'U0REPORTER', name: 'rita', real_name: 'Rita Reporter' });
    t = await startTestApp({ env: slackEnv(slack.url) });
    // An incident with a comms channel, so events and buttons reach the handlers behind them.
    const res = await coreApi(t)
      .post('/core/incidents', { report: 'Fuzz target', reporter: { external_id: 'U0REPORTER' } })
      .expect(201);
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    await client.query(
      `INSERT INTO comms_channel (incident_id, channel_id, channel_name) VALUES ($1, $2, 'inc-fuzz')`,
      [res.body.id, COMMS_CHANNEL],
    );
    await client.end();
    slack.seedChannel({ id: COMMS_CHANNEL, name: 'inc-fuzz', members: ['U0REPORTER'] });
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  const endpoints: [string, fc.Arbitrary<SlackBody>][] = [
    ['/slack/slash_command', slashBodies],
    ['/slack/action', actionBodies],
    ['/slack/event', eventBodies],
  ];

  it.each(endpoints)(
    `%s: ${RUNS} cases, no 5xx, every error JSON with a message, some reach the handlers`,
    async (path, bodies) => {
      const tally: Tally = { statuses: new Map(), bad: [] };
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          check(tally, body, await signedPost(t.http, path, body));
        }),
        { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261128) },
      );
      expect(tally.bad.slice(0, 5)).toEqual([]);
      // The generator gets past parsing: a good share is taken in and handled.
      expect(tally.statuses.get(200) ?? 0).toBeGreaterThan(RUNS / 10);
      expect(tally.statuses.get(400) ?? 0).toBeGreaterThan(0);
      expect((await t.http().get('/healthz')).status).toBe(200);
    },
    300_000,
  );

  it('the app still works after the fuzzing: a real command opens the declare modal', async () => {
    slack.reset();
    const res = await signedPost(
      t.http,
      '/slack/slash_command',
      slashCommand({ text: 'after the storm' }),
    );
    expect(res.status).toBe(200);
    await slack.waitFor(() => slack.calls('views.open')[0], 5000, 'views.open');
  });
});
