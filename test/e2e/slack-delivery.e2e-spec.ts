import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { SlackJob } from '@response/contracts';
import { JobQueue } from '../../libs/response/src/queue/job-queue.js';
import { SlackClientService } from '../../libs/response/src/slack/slack-client.service.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import { slackEnv, TEST_INCIDENT_CHANNEL } from '../support/slack.js';

type Block = { block_id?: string; text?: { text: string } };

const REPORTER = { id: 'U0REPORTER', name: 'rita', real_name: 'Rita Reporter' };

function postsFor(slack: FakeSlack, id: number) {
  return slack
    .calls('chat.postMessage')
    .filter((c) => String(c.args.text ?? '').startsWith(`Incident #${id}:`));
}

function headlineBlocks(slack: FakeSlack, id: number): Block[] {
  const message = slack
    .messages(TEST_INCIDENT_CHANNEL)
    .find((m) => m.text.startsWith(`Incident #${id}:`));
  return (message?.blocks ?? []) as Block[];
}

const text = (blocks: Block[], id: string) =>
  blocks.find((b) => b.block_id === id)?.text?.text ?? '';

async function declare(t: TestApp, report: string): Promise<number> {
  const res = await coreApi(t)
    .post('/core/incidents', { report, reporter: { external_id: REPORTER.id } })
    .expect(201);
  return (res.body as IncidentDto).id;
}

describe('Slack delivery: retries, permanent errors, idempotency and ordering', () => {
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
    slack.seedUser(REPORTER);
  });

  it('honours Retry-After on 429 and posts the headline exactly once', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    const id = await declare(t, 'Rate limited headline');
    await slack.waitFor(
      () =>
        slack.messages(TEST_INCIDENT_CHANNEL).some((m) => m.text.startsWith(`Incident #${id}:`)),
      10000,
      'headline',
    );
    const attempts = slack.calls('chat.postMessage');
    expect(attempts).toHaveLength(3);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(950);
    expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(950);
    expect(
      slack.messages(TEST_INCIDENT_CHANNEL).filter((m) => m.text.startsWith(`Incident #${id}:`)),
    ).toHaveLength(1);
  });

  it('retries 5xx answers with backoff and loses nothing', async () => {
    slack.failNext('chat.postMessage', { status: 503 }, 3);
    const id = await declare(t, 'Slack is having a bad day');
    await slack.waitFor(
      () =>
        slack.messages(TEST_INCIDENT_CHANNEL).some((m) => m.text.startsWith(`Incident #${id}:`)),
      15000,
      'headline',
    );
    const attempts = slack.calls('chat.postMessage');
    expect(attempts).toHaveLength(4);
    // Exponential: each wait is longer than the one before.
    const gaps = attempts.slice(1).map((c, i) => c.at - attempts[i].at);
    expect(gaps[1]).toBeGreaterThan(gaps[0]);
    expect(gaps[2]).toBeGreaterThan(gaps[1]);
    expect(
      slack.messages(TEST_INCIDENT_CHANNEL).filter((m) => m.text.startsWith(`Incident #${id}:`)),
    ).toHaveLength(1);
  });

  it('does not retry a permanent error', async () => {
    slack.failNext('chat.postMessage', { error: 'channel_not_found' }, 1);
    const id = await declare(t, 'Nowhere to post');
    await slack.waitFor(() => slack.calls('chat.postMessage').length >= 1, 5000, 'first try');
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(postsFor(slack, id)).toHaveLength(1);
    expect(slack.messages(TEST_INCIDENT_CHANNEL)).toHaveLength(0);
  });

  it('a keyed call is delivered once however often it is enqueued', async () => {
    const client = t.app.get(SlackClientService);
    for (let i = 0; i < 3; i++) {
      await client.enqueue(null, {
        method: 'chat.postMessage',
        args: { channel: 'CKEYED', text: 'only once' },
        key: 'test:only-once',
      });
    }
    await slack.waitFor(() => slack.messages('CKEYED').length > 0, 5000, 'keyed post');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(slack.messages('CKEYED')).toHaveLength(1);
    expect(slack.calls('chat.postMessage').filter((c) => c.args.channel === 'CKEYED')).toHaveLength(
      1,
    );
  });

  it('a keyed call whose job is retried after Slack failed delivers once', async () => {
    slack.failNext('chat.postEphemeral', { status: 500 }, 2);
    const client = t.app.get(SlackClientService);
    await client.enqueue(null, {
      method: 'chat.postEphemeral',
      args: { channel: 'CKEYED', user: REPORTER.id, text: 'psst' },
      key: 'test:ephemeral',
    });
    await slack.waitFor(
      () => slack.calls('chat.postEphemeral').length >= 3,
      10000,
      'ephemeral delivered',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(slack.calls('chat.postEphemeral')).toHaveLength(3);
  });

  it('a headline whose answer was lost (Slack posted, then 5xx) is not posted twice', async () => {
    slack.failNext('chat.postMessage', { status: 503, applied: true }, 1);
    const id = await declare(t, 'Lost answer');
    await slack.waitFor(() => slack.calls('chat.postMessage').length >= 1, 5000, 'first post');
    await coreApi(t).patch(`/core/incidents/${id}`, { severity: '1' }).expect(200);
    await slack.waitFor(
      () => text(headlineBlocks(slack, id), 'severity').includes('Critical'),
      10000,
      'updated headline',
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(
      slack.messages(TEST_INCIDENT_CHANNEL).filter((m) => m.text.startsWith(`Incident #${id}:`)),
    ).toHaveLength(1);
    expect(postsFor(slack, id)).toHaveLength(1);
    expect(slack.calls('conversations.history').length).toBeGreaterThanOrEqual(1);
  });

  it('a keyed post whose answer was lost is found again, not posted twice', async () => {
    slack.seedChannel({ id: 'CKEYED2', name: 'keyed-two' });
    slack.failNext('chat.postMessage', { status: 502, applied: true }, 1);
    const client = t.app.get(SlackClientService);
    await client.enqueue(null, {
      method: 'chat.postMessage',
      args: { channel: 'CKEYED2', text: 'exactly one' },
      key: 'test:lost-answer',
    });
    await slack.waitFor(
      () => slack.calls('conversations.history').some((c) => c.args.channel === 'CKEYED2'),
      10000,
      'history lookup',
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(slack.messages('CKEYED2')).toHaveLength(1);
    expect(
      slack.calls('chat.postMessage').filter((c) => c.args.channel === 'CKEYED2'),
    ).toHaveLength(1);
  });

  it('rapid changes end with the latest state in the one headline message', async () => {
    const id = await declare(t, 'Ordering check');
    await slack.waitFor(() => postsFor(slack, id)[0], 5000, 'headline');
    // Slow Slack: updates pile up and are retried while newer changes land.
    slack.latencyMs = 50;
    slack.failNext('chat.update', { status: 503 }, 2);
    for (const [severity, summary] of [
      ['4', 'first'],
      ['3', 'second'],
      ['2', 'third'],
      ['1', 'final'],
    ]) {
      await coreApi(t).patch(`/core/incidents/${id}`, { severity, summary }).expect(200);
    }
    await slack.waitFor(
      () => text(headlineBlocks(slack, id), 'severity').includes('Critical'),
      20000,
      'final state',
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(text(headlineBlocks(slack, id), 'severity')).toContain('Critical');
    expect(postsFor(slack, id)).toHaveLength(1);
  });

  it('under random 429s and 5xx, every headline ends correct and none is posted twice', async () => {
    slack.setFaults({ rate429: 0.3, rate5xx: 0.1, retryAfter: 0 });
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) ids.push(await declare(t, `Faulty incident ${i}`));
    for (const id of ids)
      await coreApi(t).patch(`/core/incidents/${id}`, { severity: '2' }).expect(200);
    for (const id of ids)
      await coreApi(t)
        .patch(`/core/incidents/${id}`, { summary: `summary of ${id}` })
        .expect(200);
    await slack.waitFor(
      () => ids.every((id) => text(headlineBlocks(slack, id), 'severity').includes('Major')),
      60000,
      'all headlines updated',
    );
    slack.setFaults(null);
    for (const id of ids) {
      const posted = slack
        .messages(TEST_INCIDENT_CHANNEL)
        .filter((m) => m.text.startsWith(`Incident #${id}:`));
      expect(posted).toHaveLength(1);
    }
  }, 90000);

  it('syncs the user cache from users.list, page by page, without bots or Slackbot', async () => {
    slack.usersPageSize = 2;
    slack.seedUser({
      id: 'U0SYNC0001',
      name: 'ann',
      real_name: 'Ann A',
      display_name: 'annie',
      email: 'ann@example.com',
    });
    slack.seedUser({ id: 'U0SYNC0002', name: 'bob', real_name: 'Bob B' });
    slack.seedUser({ id: 'U0SYNC0003', name: 'cat', real_name: 'Cat C', deleted: true });
    slack.seedUser({ id: 'U0SYNCBOT1', name: 'deploybot', real_name: 'Deploy Bot', is_bot: true });
    try {
      await t.app.get(JobQueue).add(SlackJob.SyncUsers, {});
      await slack.waitFor(
        () => {
          const calls = slack.calls('users.list');
          return calls.length >= 3 && calls.at(-1)!.args.cursor !== undefined;
        },
        10000,
        'all pages',
      );
      const pages = slack.calls('users.list');
      expect(pages[0].args.cursor).toBeUndefined();
      expect(pages.slice(1).every((c) => typeof c.args.cursor === 'string')).toBe(true);
      const lookup = async (externalId: string) => {
        for (let i = 0; i < 50; i++) {
          const res = await coreApi(t).get('/core/users?limit=100').expect(200);
          const body = res.body as
            { results?: { external_id: string }[] } | { external_id: string }[];
          const list = Array.isArray(body) ? body : (body.results ?? []);
          const found = list.find((u) => u.external_id === externalId);
          if (found || externalId === 'USLACKBOT' || externalId === 'U0SYNCBOT1')
            return { found, list };
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return { found: undefined, list: [] };
      };
      const ann = await lookup('U0SYNC0001');
      expect(ann.found).toMatchObject({
        display_name: 'annie',
        full_name: 'Ann A',
        email: 'ann@example.com',
        deleted: false,
      });
      expect((await lookup('U0SYNC0003')).found).toMatchObject({ deleted: true });
      expect((await lookup('U0SYNC0002')).found).toMatchObject({ full_name: 'Bob B' });
      const { list } = await lookup('USLACKBOT');
      expect(list.map((u) => u.external_id)).not.toContain('USLACKBOT');
      expect(list.map((u) => u.external_id)).not.toContain('U0SYNCBOT1');
    } finally {
      slack.usersPageSize = 200;
    }
  });

  it('resumes a user sync from its page after a 429, not from the start', async () => {
    slack.usersPageSize = 1;
    for (const n of [1, 2, 3]) slack.seedUser({ id: `U0RESUME0${n}`, name: `r${n}` });
    let call = 0;
    // users.list answers 429 (Retry-After: 1) to its second call only.
    slack.setFaults({
      rate429: 0.5,
      retryAfter: 1,
      methods: ['users.list'],
      random: () => (++call === 2 ? 0 : 0.99),
    });
    try {
      await t.app.get(JobQueue).add(SlackJob.SyncUsers, {});
      await slack.waitFor(
        () => slack.calls('users.list').length >= 4,
        15_000,
        'the sync to go on after the 429',
      );
      const cursors = slack.calls('users.list').map((c) => c.args.cursor ?? null);
      // Page 1, page 2 refused, page 2 again: the first page is asked for once only.
      expect(cursors[0]).toBeNull();
      expect(cursors.filter((cursor) => cursor === null)).toHaveLength(1);
      expect(cursors[2]).toBe(cursors[1]);
    } finally {
      slack.setFaults(null);
      slack.usersPageSize = 200;
    }
  });
});
