import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { SlackJob } from '@response/contracts';
import { JobQueue } from '../../libs/response/src/queue/job-queue.js';
import { eventually } from './slack-comms-helpers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import {
  blockActions,
  eventCallback,
  events,
  formBody,
  jsonBody,
  signedPost,
  slackEnv,
  slashCommand,
  TEST_SIGNING_SECRET,
  urlVerification,
} from '../support/slack.js';

async function processedEventIds(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ event_id: string }>(
      'SELECT event_id FROM slack_processed_event ORDER BY event_id',
    );
    return rows.map((row) => row.event_id);
  } finally {
    await client.end();
  }
}

describe('Slack wire: signatures, payload checks, url_verification, event dedup', () => {
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
  beforeEach(() => slack.reset());

  describe('signature guard', () => {
    const paths = ['/slack/slash_command', '/slack/action', '/slack/event'];

    it.each(paths)(
      'refuses an unsigned request to %s with 401 JSON and calls nothing',
      async (path) => {
        const res = await signedPost(
          t.http,
          path,
          slashCommand({ text: 'db down' }),
          TEST_SIGNING_SECRET,
          { unsigned: true },
        );
        expect(res.status).toBe(401);
        expect(res.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
        expect(slack.calls()).toEqual([]);
      },
    );

    it('refuses a signature made with another secret', async () => {
      const res = await signedPost(
        t.http,
        '/slack/slash_command',
        slashCommand({ text: 'x' }),
        'not-the-secret',
      );
      expect(res.status).toBe(401);
      expect(slack.calls()).toEqual([]);
    });

    it('refuses a stale timestamp (more than 5 minutes old) and one from the future', async () => {
      const old = Math.floor(Date.now() / 1000) - 5 * 60 - 5;
      const stale = await signedPost(
        t.http,
        '/slack/slash_command',
        slashCommand(),
        TEST_SIGNING_SECRET,
        { timestamp: old },
      );
      expect(stale.status).toBe(401);
      const future = Math.floor(Date.now() / 1000) + 5 * 60 + 5;
      const ahead = await signedPost(
        t.http,
        '/slack/slash_command',
        slashCommand(),
        TEST_SIGNING_SECRET,
        { timestamp: future },
      );
      expect(ahead.status).toBe(401);
      expect(slack.calls()).toEqual([]);
    });

    it('refuses a body changed after signing', async () => {
      const body = slashCommand({ text: 'original' });
      const ts = Math.floor(Date.now() / 1000);
      const { slackSignature } = await import('../support/slack.js');
      const signature = slackSignature(TEST_SIGNING_SECRET, ts, body.raw);
      const tampered = { ...body, raw: body.raw.replace('original', 'tampered') };
      const res = await signedPost(t.http, '/slack/slash_command', tampered, TEST_SIGNING_SECRET, {
        timestamp: ts,
        signature,
      });
      expect(res.status).toBe(401);
      expect(slack.calls()).toEqual([]);
    });

    it('refuses a malformed signature header without crashing', async () => {
      const res = await signedPost(
        t.http,
        '/slack/event',
        urlVerification('abc'),
        TEST_SIGNING_SECRET,
        { signature: 'v0=zz' },
      );
      expect(res.status).toBe(401);
    });

    it('accepts a correct signature within 5 minutes', async () => {
      const res = await signedPost(
        t.http,
        '/slack/event',
        urlVerification('c1'),
        TEST_SIGNING_SECRET,
        {
          timestamp: Math.floor(Date.now() / 1000) - 4 * 60,
        },
      );
      expect(res.status).toBe(200);
    });
  });

  describe('url_verification', () => {
    it('answers the challenge', async () => {
      const res = await signedPost(
        t.http,
        '/slack/event',
        urlVerification('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P'),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      });
    });
  });

  describe('malformed payloads get 400 JSON, never 500', () => {
    const cases: [string, string, ReturnType<typeof formBody>][] = [
      ['/slack/event', 'not JSON', { raw: '{"type":', contentType: 'application/json' }],
      ['/slack/event', 'a JSON array', jsonBody([1, 2])],
      ['/slack/event', 'an unknown type', jsonBody({ type: 'nope' })],
      [
        '/slack/event',
        'event_callback without event_id',
        jsonBody({ type: 'event_callback', event: { type: 'message' } }),
      ],
      [
        '/slack/event',
        'event_callback without event',
        jsonBody({ type: 'event_callback', event_id: 'Ev1' }),
      ],
      [
        '/slack/event',
        'url_verification without challenge',
        jsonBody({ type: 'url_verification' }),
      ],
      ['/slack/action', 'no payload field', formBody({ foo: 'bar' })],
      ['/slack/action', 'payload not JSON', formBody({ payload: '{nope' })],
      [
        '/slack/action',
        'payload of unknown type',
        formBody({ payload: JSON.stringify({ type: 'weird' }) }),
      ],
      [
        '/slack/action',
        'block_actions without actions',
        formBody({ payload: JSON.stringify({ type: 'block_actions', user: { id: 'U1' } }) }),
      ],
      [
        '/slack/action',
        'view_submission without view',
        formBody({ payload: JSON.stringify({ type: 'view_submission', user: { id: 'U1' } }) }),
      ],
      [
        '/slack/slash_command',
        'a command without trigger_id',
        formBody({ command: '/incident', user_id: 'U1', channel_id: 'C1' }),
      ],
      ['/slack/slash_command', 'an empty body', formBody({})],
    ];

    it.each(cases)('%s: %s', async (path, _what, body) => {
      const res = await signedPost(t.http, path, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.any(String),
      });
      expect(slack.calls()).toEqual([]);
    });
  });

  it('answers 400 to JSON nested deeper than 32 levels, on events and interactivity', async () => {
    // Written out, as JSON.stringify itself runs out of stack at such depths.
    const deep = (levels: number) => `${'{"a":'.repeat(levels)}"x"${'}'.repeat(levels)}`;
    for (const levels of [40, 5000]) {
      const event = await signedPost(t.http, '/slack/event', {
        raw: `{"type":"event_callback","event_id":"EvDeep${levels}","event":${deep(levels)}}`,
        contentType: 'application/json',
      });
      expect(event.status).toBe(400);
      expect(event.body).toMatchObject({ statusCode: 400, errors: { body: expect.any(String) } });
      const action = await signedPost(
        t.http,
        '/slack/action',
        formBody({ payload: `{"type":"block_actions","deep":${deep(levels)}}` }),
      );
      expect(action.status).toBe(400);
    }
    expect(slack.calls()).toEqual([]);
  });

  it('answers 404 to the Slack paths in other letter cases, whatever the body', async () => {
    for (const path of ['/SLACK/event', '/Slack/action', '/slack/EVENT', '/slack/Slash_Command']) {
      for (const body of [
        jsonBody({ type: 'url_verification', challenge: 'c' }),
        { raw: '{"type":', contentType: 'application/json' },
      ]) {
        const res = await signedPost(t.http, path, body);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({ statusCode: 404 });
      }
    }
  });

  describe('events', () => {
    it('takes in an event_callback once per event_id, however often Slack retries it', async () => {
      const body = eventCallback(events.message({ channel: 'CRANDOM', text: 'hello' }), {
        eventId: 'EvDEDUP0001',
      });
      const first = await signedPost(t.http, '/slack/event', body);
      const retry = await signedPost(t.http, '/slack/event', body, TEST_SIGNING_SECRET, {
        headers: { 'X-Slack-Retry-Num': '1', 'X-Slack-Retry-Reason': 'http_timeout' },
      });
      expect(first.status).toBe(200);
      expect(retry.status).toBe(200);
      expect(
        (await processedEventIds(t.database.url)).filter((id) => id === 'EvDEDUP0001'),
      ).toHaveLength(1);
    });

    it('passes events from bots only to handlers that ask for them (the channel record)', async () => {
      const botMention = eventCallback(
        { ...events.appMention({ channel: 'CRANDOM', text: '<@UBOT0001> help' }), bot_id: 'B123' },
        { eventId: 'EvBOT00001' },
      );
      const botSubtype = eventCallback(
        {
          ...events.appMention({ channel: 'CRANDOM', text: '<@UBOT0001> help' }),
          subtype: 'bot_message',
        },
        { eventId: 'EvBOT00002' },
      );
      const botMessage = eventCallback(
        events.message({ channel: 'CRANDOM', text: 'beep', botId: 'B123' }),
        { eventId: 'EvBOT00003' },
      );
      expect((await signedPost(t.http, '/slack/event', botMention)).status).toBe(200);
      expect((await signedPost(t.http, '/slack/event', botSubtype)).status).toBe(200);
      expect((await signedPost(t.http, '/slack/event', botMessage)).status).toBe(200);
      const ids = await processedEventIds(t.database.url);
      expect(ids).not.toContain('EvBOT00001');
      expect(ids).not.toContain('EvBOT00002');
      // A bot's message is kept in the record of an incident channel.
      expect(ids).toContain('EvBOT00003');
    });

    it('forgets event ids after the dedup window, keeping recent ones', async () => {
      const client = new pg.Client({ connectionString: t.database.url });
      await client.connect();
      try {
        await client.query(
          `INSERT INTO slack_processed_event (event_id, received_at) VALUES ('EvOLD0000001', now() - interval '7 hours'), ('EvNEW0000001', now() - interval '1 hour')`,
        );
        await t.app.get(JobQueue).add(SlackJob.PurgeProcessedEvents, {});
        let ids: string[] = [];
        for (let i = 0; i < 50; i++) {
          ids = await processedEventIds(t.database.url);
          if (!ids.includes('EvOLD0000001')) break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(ids).not.toContain('EvOLD0000001');
        expect(ids).toContain('EvNEW0000001');
      } finally {
        await client.end();
      }
    });

    it('acks unknown interaction types it does not handle with 200', async () => {
      const res = await signedPost(
        t.http,
        '/slack/action',
        formBody({ payload: JSON.stringify({ type: 'view_closed', user: { id: 'U1' } }) }),
      );
      expect(res.status).toBe(200);
    });

    it('acks a click on a button nobody handles with 200 and no Slack call', async () => {
      const res = await signedPost(
        t.http,
        '/slack/action',
        blockActions({ actionId: 'unknown-button', value: 'x' }),
      );
      expect(res.status).toBe(200);
      expect(slack.calls()).toEqual([]);
    });
  });
});

describe('the channels the app posts in', () => {
  it('joins them at startup, and says on /healthz when it cannot', async () => {
    const slack = await startFakeSlack();
    slack.seedChannel({ id: 'CINCIDENTS', name: 'incidents' });
    const t = await startTestApp({
      env: slackEnv(slack.url, { INCIDENT_REPORT_CHANNEL_ID: 'CGONE0001' }),
    });
    try {
      const health = await eventually(
        async () => {
          const res = await t.http().get('/healthz');
          const channels = res.body.slack_channels as Record<string, string>;
          return Object.values(channels).every((state) => state !== 'pending') ? channels : null;
        },
        10_000,
        'channel membership',
      );
      expect(health).toEqual({
        'incidents channel (CINCIDENTS)': 'joined',
        'report channel (CGONE0001)': 'not joined: channel_not_found',
      });
      expect(slack.channel('CINCIDENTS')!.members.size).toBe(1);
    } finally {
      await t.close();
      await slack.close();
    }
  });
});

describe('Slack event dedup survives a restart', () => {
  it('a retry delivered after the app restarted is still ignored', async () => {
    const slack = await startFakeSlack();
    const first = await startTestApp({ env: slackEnv(slack.url) });
    const body = eventCallback(events.message({ channel: 'CRANDOM', text: 'hi' }), {
      eventId: 'EvRESTART01',
    });
    expect((await signedPost(first.http, '/slack/event', body)).status).toBe(200);
    await first.app.close();
    const second = await startTestApp({ env: slackEnv(slack.url), database: first.database });
    try {
      const retry = await signedPost(second.http, '/slack/event', body, TEST_SIGNING_SECRET, {
        headers: { 'X-Slack-Retry-Num': '2' },
      });
      expect(retry.status).toBe(200);
      const client = new pg.Client({ connectionString: first.database.url });
      await client.connect();
      const { rows } = await client.query(
        `SELECT count(*)::int AS n FROM slack_processed_event WHERE event_id = 'EvRESTART01'`,
      );
      await client.end();
      expect(rows[0].n).toBe(1);
    } finally {
      await second.close();
      await first.database.drop();
      await slack.close();
    }
  });
});

describe('Slack endpoints when Slack is not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(['/slack/slash_command', '/slack/action', '/slack/event'])(
    '%s answers 503 naming the variables to set',
    async (path) => {
      const res = await signedPost(t.http, path, urlVerification('x'));
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      const message = (res.body as { message: string }).message;
      for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'INCIDENT_CHANNEL_ID'])
        expect(message).toContain(name);
    },
  );
});
