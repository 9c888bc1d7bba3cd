import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { ADMIN } from '../support/app.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { REPO_ROOT, startServerProcess, type ServerProcess } from '../support/processes.js';
import { createTestRedis, type TestRedis } from '../support/redis.js';
import { eventCallback, events, signedPost, slackEnv } from '../support/slack.js';
import { openSse, type SseStream } from '../support/sse.js';

/**
 * Live updates across processes: an API process serves the streams while a
 * separate worker process makes the change (a Slack command), on one Postgres
 * and one Redis.
 */

const VIEWER = { username: 'vera', password: 'viewer-password-1' };
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const AS_ADMIN = { authorization: basic(ADMIN.username, ADMIN.password) };
const AS_VIEWER = { authorization: basic(VIEWER.username, VIEWER.password) };

describe('live streams of incidents', () => {
  let slack: FakeSlack;
  let database: TestDatabase;
  let redis: TestRedis;
  let api: ServerProcess;
  let worker: ServerProcess;
  const streams: SseStream[] = [];

  async function core<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${api.url}${path}`, {
      method,
      headers: { ...AS_ADMIN, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return JSON.parse(text) as T;
  }

  async function stream(path: string, headers: Record<string, string>): Promise<SseStream> {
    const opened = await openSse(`${api.url}${path}`, headers);
    streams.push(opened);
    return opened;
  }

  const incidentEvent =
    (id: number, match: (i: IncidentDto) => boolean) => (e: { event: string; data: string }) => {
      if (e.event !== 'incident') return false;
      const incident = JSON.parse(e.data) as IncidentDto;
      return incident.id === id && match(incident);
    };

  beforeAll(async () => {
    [slack, database, redis] = await Promise.all([
      startFakeSlack(),
      createTestDatabase(),
      createTestRedis(),
    ]);
    slack.seedUser({ id: 'U0REPORTER', name: 'rita', real_name: 'Rita Reporter' });
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      ...slackEnv(slack.url),
    };
    [api, worker] = await Promise.all([
      startServerProcess({ ...env, ROLE: 'api' }),
      startServerProcess({ ...env, ROLE: 'worker' }),
    ]);
    execFileSync(
      process.execPath,
      ['libs/response/dist/auth/account-cli.js', '--username', VIEWER.username, '--role', 'viewer'],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: database.url,
          ACCOUNT_PASSWORD: VIEWER.password,
          LOG_LEVEL: 'error',
        },
        stdio: 'pipe',
      },
    );
  }, 120_000);

  afterAll(async () => {
    for (const s of streams) s.close();
    await Promise.allSettled([api?.stop(), worker?.stop()]);
    await Promise.allSettled([slack?.close(), redis?.release(), database?.drop()]);
  });

  it('sends the incident at once, then a change made through Slack by the worker process', async () => {
    const incident = await core<IncidentDto>('POST', '/core/incidents', {
      report: 'Live from Slack',
      reporter: { external_id: 'U0REPORTER' },
    });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO comms_channel (incident_id, channel_id, channel_name) VALUES ($1, 'CLIVE0001', 'inc-live')`,
        [incident.id],
      );
    } finally {
      await client.end();
    }
    const live = await stream(`/core/incidents/${incident.id}/stream`, AS_ADMIN);
    expect(live.status).toBe(200);
    expect(live.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await live.next(
      incidentEvent(incident.id, (i) => i.severity === null),
      10_000,
      'the incident',
    );

    const mention = events.appMention({
      channel: 'CLIVE0001',
      text: '<@UBOT0001> severity major',
      user: 'U0REPORTER',
    });
    const ack = await signedPost(api.url, '/slack/event', eventCallback(mention));
    expect(ack.status).toBe(200);
    // The API process only takes the event in; the worker runs the command and changes the incident.
    const changed = await live.next(
      incidentEvent(incident.id, (i) => i.severity === '2'),
      20_000,
      'the severity set in Slack',
    );
    expect(JSON.parse(changed.data).report).toBe('Live from Slack');
  });

  it('the list stream sends every incident the caller can see, and nothing private to a viewer', async () => {
    const list = await stream('/core/stream', AS_VIEWER);
    expect(list.status).toBe(200);
    const hidden = await core<IncidentDto>('POST', '/core/incidents', {
      report: 'Hidden breach',
      private: true,
    });
    const shown = await core<IncidentDto>('POST', '/core/incidents', { report: 'Shown outage' });
    await core('PATCH', `/core/incidents/${hidden.id}`, { summary: 'still hidden' });
    await core('PATCH', `/core/incidents/${shown.id}`, { summary: 'shown summary' });
    await list.next(
      incidentEvent(shown.id, (i) => i.summary === 'shown summary'),
      10_000,
      'the public change',
    );
    expect(
      list.events.filter((e) => e.event === 'incident' && JSON.parse(e.data).id === hidden.id),
    ).toEqual([]);
  });

  it('refuses the anonymous and hides private incidents, and ends a stream whose incident turns private', async () => {
    const hidden = await core<IncidentDto>('POST', '/core/incidents', {
      report: 'Secret',
      private: true,
    });
    expect((await stream(`/core/incidents/${hidden.id}/stream`, {})).status).toBe(401);
    expect((await stream(`/core/incidents/${hidden.id}/stream`, AS_VIEWER)).status).toBe(404);

    const incident = await core<IncidentDto>('POST', '/core/incidents', { report: 'Soon secret' });
    const watching = await stream(`/core/incidents/${incident.id}/stream`, AS_VIEWER);
    await watching.next(
      incidentEvent(incident.id, () => true),
      10_000,
      'the incident',
    );
    await core('PATCH', `/core/incidents/${incident.id}`, { private: true });
    await Promise.race([
      watching.ended,
      new Promise((_, fail) => setTimeout(() => fail(new Error('stream still open')), 10_000)),
    ]);
    expect(
      watching.events.some((e) => e.event === 'incident' && JSON.parse(e.data).private === true),
    ).toBe(false);
  });
});
