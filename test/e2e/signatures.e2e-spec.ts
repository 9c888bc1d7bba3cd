import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Field, ModalIds } from '../../libs/response/src/comms/declare/incident-modals.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startTestApp, type TestApp } from '../support/app.js';
import {
  eventCallback,
  events,
  signedPost,
  slackEnv,
  slackSignature,
  slashCommand,
  state,
  TEST_SIGNING_SECRET,
  sealedMetadata,
  viewSubmission,
  type SignOptions,
  type SlackBody,
} from '../support/slack.js';

/**
 * Requests that would do real work (declare an incident, open a modal, take in
 * an event) but are not signed right: each is refused with 401 and leaves no
 * trace, neither in Slack nor in the database. Replays of a valid event are
 * taken in once, even when they arrive together.
 */

const now = () => Math.floor(Date.now() / 1000);

/** Work each endpoint would do if the signature were accepted. */
const declareSubmission = () =>
  viewSubmission({
    callbackId: ModalIds.Report,
    // What the modal of `/incident` typed by U0REPORTER carries.
    privateMetadata: sealedMetadata({ channel_id: 'CGENERAL' }, 'U0REPORTER'),
    values: {
      [Field.Report]: state.text('Signed by an attacker'),
      [Field.Severity]: state.option('1'),
    },
  });
const workingBodies: [string, () => SlackBody][] = [
  ['/slack/slash_command', () => slashCommand({ text: 'db down' })],
  ['/slack/action', declareSubmission],
  [
    '/slack/event',
    () => eventCallback(events.appMention({ text: '<@UBOT0001> help', channel: 'CRANDOM' })),
  ],
];

const isJson = (body: SlackBody) => body.contentType === 'application/json';

type Forgery = [string, (body: SlackBody) => { body: SlackBody; options: SignOptions }];

const forgeries: Forgery[] = [
  [
    'signed with another secret',
    (body) => ({ body, options: { signature: slackSignature('another-secret', now(), body.raw) } }),
  ],
  ['signed 301 seconds ago', (body) => ({ body, options: { timestamp: now() - 301 } })],
  ['signed 301 seconds ahead', (body) => ({ body, options: { timestamp: now() + 301 } })],
  [
    'stale timestamp with a signature that matches it',
    (body) => {
      const ts = now() - 3600;
      return {
        body,
        options: { timestamp: ts, signature: slackSignature(TEST_SIGNING_SECRET, ts, body.raw) },
      };
    },
  ],
  [
    'without the timestamp header',
    (body) => {
      const ts = now();
      return {
        body,
        options: {
          unsigned: true,
          headers: { 'X-Slack-Signature': slackSignature(TEST_SIGNING_SECRET, ts, body.raw) },
        },
      };
    },
  ],
  [
    'without the signature header',
    (body) => ({
      body,
      options: { unsigned: true, headers: { 'X-Slack-Request-Timestamp': String(now()) } },
    }),
  ],
  [
    'with a non-numeric timestamp',
    (body) => ({ body, options: { timestamp: 'abc' as unknown as number } }),
  ],
  [
    'with another signature version',
    (body) => ({
      body,
      options: {
        signature: slackSignature(TEST_SIGNING_SECRET, now(), body.raw).replace('v0=', 'v1='),
      },
    }),
  ],
  [
    'with the signature in upper case',
    (body) => ({
      body,
      options: { signature: slackSignature(TEST_SIGNING_SECRET, now(), body.raw).toUpperCase() },
    }),
  ],
  [
    'with the body changed after signing',
    (body) => {
      const ts = now();
      const raw = isJson(body)
        ? JSON.stringify({ ...JSON.parse(body.raw), extra: 1 })
        : `${body.raw}&x=1`;
      return {
        body: { ...body, raw },
        options: { timestamp: ts, signature: slackSignature(TEST_SIGNING_SECRET, ts, body.raw) },
      };
    },
  ],
  [
    'with a body cut short after signing',
    (body) => {
      const ts = now();
      const raw = isJson(body)
        ? JSON.stringify({ ...JSON.parse(body.raw), event_context: undefined })
        : body.raw.slice(0, -5);
      return {
        body: { ...body, raw },
        options: { timestamp: ts, signature: slackSignature(TEST_SIGNING_SECRET, ts, body.raw) },
      };
    },
  ],
  [
    'with a signature of an empty body',
    (body) => {
      const ts = now();
      return {
        body,
        options: { timestamp: ts, signature: slackSignature(TEST_SIGNING_SECRET, ts, '') },
      };
    },
  ],
];

async function counts(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM incident) AS incidents,
              (SELECT count(*)::int FROM slack_processed_event) AS events,
              (SELECT count(*)::int FROM outbox_message) AS outbox,
              (SELECT count(*)::int FROM external_user) AS users`,
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

describe('Slack signatures: forged requests leave no trace', () => {
  let slack: FakeSlack;
  let t: TestApp;
  let before: Record<string, number>;

  beforeAll(async () => {
    slack = await startFakeSlack();
    t = await startTestApp({ env: slackEnv(slack.url) });
    before = await counts(t.database.url);
  });
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });
  beforeEach(() => slack.reset());

  const cases = workingBodies.flatMap(([path, make]) =>
    forgeries.map(([what, forge]) => [path, what, make, forge] as const),
  );

  it.each(cases)('%s %s: 401 JSON, nothing done', async (path, _what, make, forge) => {
    const { body, options } = forge(make());
    const res = await signedPost(t.http, path, body, TEST_SIGNING_SECRET, options);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      statusCode: 401,
      error: 'Unauthorized',
      message: expect.any(String),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(slack.calls()).toEqual([]);
    expect(await counts(t.database.url)).toEqual(before);
  });

  it.each(['/slack/event', '/slack/action', '/slack/slash_command'])(
    '%s: a malformed body is 401 unsigned (the signature is checked first) and 400 JSON when signed',
    async (path) => {
      for (const body of [
        { raw: '{not json', contentType: 'application/json' },
        { raw: '{"a":', contentType: 'application/json' },
      ] satisfies SlackBody[]) {
        const unsigned = await signedPost(t.http, path, body, TEST_SIGNING_SECRET, {
          unsigned: true,
        });
        expect(unsigned.status).toBe(401);
        expect(unsigned.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        const forged = await signedPost(t.http, path, body, 'another-secret');
        expect(forged.status).toBe(401);
        const signed = await signedPost(t.http, path, body);
        expect(signed.status).toBe(400);
        expect(signed.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      }
      expect(slack.calls()).toEqual([]);
      expect(await counts(t.database.url)).toEqual(before);
    },
  );

  it('the same bodies, signed right, do the work (so the forgeries above were refused for their signature)', async () => {
    for (const [path, make] of workingBodies) {
      const res = await signedPost(t.http, path, make());
      expect(res.status).toBe(200);
    }
    await slack.waitFor(() => slack.calls('views.open')[0], 5000, 'the declare modal');
    const after = await counts(t.database.url);
    expect(after.incidents).toBe(before.incidents + 1);
    // The event's id, and the submitted modal's view id (processed once).
    expect(after.events).toBe(before.events + 2);
  });

  it('a valid event replayed ten times at once is taken in once', async () => {
    const body = eventCallback(
      events.appMention({ text: '<@UBOT0001> help', channel: 'CREPLAY' }),
      { eventId: 'EvREPLAYED01' },
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, () => signedPost(t.http, '/slack/event', body)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const client = new pg.Client({ connectionString: t.database.url });
    await client.connect();
    try {
      const processed = await client.query(
        `SELECT count(*)::int AS n FROM slack_processed_event WHERE event_id = 'EvREPLAYED01'`,
      );
      expect(processed.rows[0].n).toBe(1);
      const jobs = await client.query(
        `SELECT key FROM outbox_message WHERE key LIKE 'event:EvREPLAYED01:%'`,
      );
      const keys = jobs.rows.map((row: { key: string }) => row.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });
});
