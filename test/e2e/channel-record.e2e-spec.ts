import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ChannelMessageDto, Paginated, TimelineEntryDto } from '@response/contracts';
import { DataSource } from 'typeorm';
import { coreApi } from '../support/core-api.js';
import { FAKE_BOT_ID, FAKE_BOT_USER_ID } from '../fakes/fake-slack.js';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { ChannelMessageRepository } from '../../libs/response/src/record/channel-message.repository.js';
import { eventId as newEventId } from '../support/slack.js';
import {
  eventually,
  incidentWithChannel,
  People,
  sendEvent,
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

/**
 * The record of an incident channel: every message kept as its event arrives,
 * with Slack's own payload shapes for posts, edits, deletions, files and
 * threads, read through `/core`, curated onto the timeline, and the channel
 * archived after the incident closes.
 */

const VIEWER = { username: 'vera', password: 'viewer-password-1' };
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

let seq = 0;
/** A Slack ts a little after `base` seconds, unique within the run. */
function tsAt(base: number): string {
  seq++;
  return `${base}.${String(100000 + seq).slice(1)}0`;
}

function message(channel: string, ts: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    channel,
    user: People.reporter.id,
    text,
    ts,
    event_ts: ts,
    channel_type: 'channel',
    client_msg_id: `c-${ts}`,
    team: 'T0FAKE',
    ...extra,
  };
}

function edited(channel: string, ts: string, text: string, at: string, previous: string) {
  return {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    channel,
    channel_type: 'channel',
    message: {
      type: 'message',
      user: People.reporter.id,
      text,
      ts,
      edited: { user: People.reporter.id, ts: at },
      client_msg_id: `c-${ts}`,
    },
    previous_message: { type: 'message', user: People.reporter.id, text: previous, ts },
    event_ts: at,
    ts: at,
  };
}

function deletedEvent(channel: string, ts: string, at: string, previous: string) {
  return {
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    channel,
    channel_type: 'channel',
    deleted_ts: ts,
    previous_message: { type: 'message', user: People.reporter.id, text: previous, ts },
    event_ts: at,
    ts: at,
  };
}

describe('The record of an incident channel', () => {
  let h: CommsHarness;
  let incidentId: number;
  let channel: string;
  const base = Math.floor(Date.now() / 1000) - 3600;

  beforeAll(async () => {
    h = await startCommsApp({ env: { ARCHIVE_AFTER: '2s' } });
    await h.t.app.get(AccountsService).create({ ...VIEWER, role: 'viewer' });
    ({
      incident: { id: incidentId },
      channel,
    } = await incidentWithChannel(h, { report: 'Checkout errors' }));
  });
  afterAll(async () => {
    await h?.close();
  });

  async function list(query = ''): Promise<Paginated<ChannelMessageDto>> {
    const res = await coreApi(h.t)
      .get(`/core/incidents/${incidentId}/messages${query ? `?${query}` : ''}`)
      .expect(200);
    return res.body as Paginated<ChannelMessageDto>;
  }

  async function stored(ts: string): Promise<ChannelMessageDto | undefined> {
    return (await list('limit=1000')).results.find((m) => m.ts === ts);
  }

  async function until(ts: string, ok: (m: ChannelMessageDto) => boolean, what: string) {
    return eventually(
      async () => {
        const m = await stored(ts);
        return m && ok(m) ? m : null;
      },
      10_000,
      what,
    );
  }

  it('keeps a message with its author, and the bot’s own posts marked as such', async () => {
    const ts = tsAt(base);
    await sendEvent(h, message(channel, ts, 'Rolling back &lt;checkout&gt; &amp; payments'));
    const bot = tsAt(base);
    await sendEvent(h, {
      ...message(channel, bot, 'Incident intro'),
      user: FAKE_BOT_USER_ID,
      bot_id: FAKE_BOT_ID,
      app_id: 'A0RESPONSE',
      bot_profile: { id: FAKE_BOT_ID, name: 'incident' },
    });
    const kept = await until(ts, () => true, 'the message');
    expect(kept).toMatchObject({
      ts,
      thread_ts: null,
      text: 'Rolling back &lt;checkout&gt; &amp; payments',
      files: [],
      edited_at: null,
      deleted: false,
      on_timeline: false,
      bot: false,
      author_id: People.reporter.id,
      posted_at: new Date(Number(ts) * 1000).toISOString(),
    });
    expect(kept.user).toMatchObject({ app_id: 'slack', external_id: People.reporter.id });
    const own = await until(bot, () => true, "the bot's post");
    expect(own.bot).toBe(true);
  });

  it('stores a message once under retries and duplicate deliveries', async () => {
    const ts = tsAt(base);
    const event = message(channel, ts, 'Delivered three times');
    const id = newEventId();
    await sendEvent(h, event, id);
    await sendEvent(h, event, id);
    // Slack's retry with a new event id (as after a timeout) changes nothing either.
    await sendEvent(h, event);
    await until(ts, () => true, 'the message');
    await settle(500);
    const rows: { n: string }[] = await h.t.app
      .get(DataSource)
      .query(`SELECT count(*) AS n FROM channel_message WHERE channel_id = $1 AND ts = $2`, [
        channel,
        ts,
      ]);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('an edit keeps the earlier text with its time, also when it arrives before its message', async () => {
    const ts = tsAt(base);
    const firstEdit = tsAt(base + 60);
    const secondEdit = tsAt(base + 120);
    // The second edit, then the first, then the message itself.
    await sendEvent(h, edited(channel, ts, 'Third text', secondEdit, 'Second text'));
    await sendEvent(h, edited(channel, ts, 'Second text', firstEdit, 'First text'));
    await sendEvent(h, message(channel, ts, 'First text'));
    const kept = await until(ts, (m) => m.previous.length >= 1 && m.text !== '', 'the edit');
    await settle(500);
    const final = (await stored(ts))!;
    expect(final.text).toBe('Third text');
    expect(final.edited_at).toBe(new Date(Number(secondEdit) * 1000).toISOString());
    expect(final.previous.map((v) => v.text)).toEqual(['First text']);
    expect(kept.posted_at).toBe(new Date(Number(ts) * 1000).toISOString());

    // In order: each edit adds the text it replaced.
    const ordered = tsAt(base);
    await sendEvent(h, message(channel, ordered, 'v1'));
    await until(ordered, () => true, 'v1');
    await sendEvent(h, edited(channel, ordered, 'v2', tsAt(base + 30), 'v1'));
    await until(ordered, (m) => m.text === 'v2', 'v2');
    await sendEvent(h, edited(channel, ordered, 'v3', tsAt(base + 40), 'v2'));
    const v3 = await until(ordered, (m) => m.text === 'v3', 'v3');
    expect(v3.previous.map((v) => v.text)).toEqual(['v1', 'v2']);
  });

  it('a deletion marks the message and forgets its text, in either order', async () => {
    const ts = tsAt(base);
    await sendEvent(h, message(channel, ts, 'Password is hunter2'));
    await until(ts, () => true, 'the message');
    await sendEvent(h, edited(channel, ts, 'Password is ****', tsAt(base + 10), 'hunter2'));
    await until(ts, (m) => m.text === 'Password is ****', 'the edit');
    await sendEvent(h, deletedEvent(channel, ts, tsAt(base + 20), 'Password is ****'));
    const gone = await until(ts, (m) => m.deleted, 'the deletion');
    expect(gone).toMatchObject({ deleted: true, text: '', previous: [] });

    // Deleted before its message arrived: the late message does not bring the text back.
    const late = tsAt(base);
    await sendEvent(h, deletedEvent(channel, late, tsAt(base + 20), 'Oops'));
    await sendEvent(h, message(channel, late, 'Oops'));
    await settle(800);
    expect(await stored(late)).toMatchObject({ deleted: true, text: '', previous: [] });
    const search = await list('search=hunter2');
    expect(search.count).toBe(0);
  });

  it('KEEP_DELETED_MESSAGES keeps the text of a deleted message for the record', async () => {
    const repository = h.t.app.get(ChannelMessageRepository);
    const ts = tsAt(base);
    const postedAt = new Date(Number(ts) * 1000);
    await repository.posted(
      {
        incidentId,
        channelId: channel,
        ts,
        threadTs: null,
        subtype: null,
        authorSlackId: People.reporter.id,
        bot: false,
        text: 'Kept for the record',
        files: [],
        postedAt,
      },
      true,
    );
    await repository.deleted(incidentId, channel, ts, tsAt(base + 9), new Date(), postedAt, true);
    expect(await stored(ts)).toMatchObject({ deleted: true, text: 'Kept for the record' });
  });

  it('keeps files as descriptions, and thread replies with their parent', async () => {
    const parent = tsAt(base);
    await sendEvent(
      h,
      message(channel, parent, 'Here is the graph', {
        subtype: 'file_share',
        upload: false,
        display_as_bot: false,
        files: [
          {
            id: 'F0GRAPH',
            name: 'latency.png',
            title: 'Latency',
            mimetype: 'image/png',
            filetype: 'png',
            size: 48213,
            url_private: 'https://files.fake.slack.test/latency.png',
            permalink: 'https://fake.slack.test/files/U0REPORTER/F0GRAPH/latency.png',
          },
        ],
      }),
    );
    const reply1 = tsAt(base + 5);
    const reply2 = tsAt(base + 6);
    await sendEvent(
      h,
      message(channel, reply2, 'Second reply', {
        thread_ts: parent,
        parent_user_id: People.reporter.id,
      }),
    );
    await sendEvent(
      h,
      message(channel, reply1, 'First reply', {
        thread_ts: parent,
        parent_user_id: People.reporter.id,
      }),
    );
    // Slack also sends `message_replied` for the parent: not a message of its own.
    await sendEvent(h, {
      type: 'message',
      subtype: 'message_replied',
      hidden: true,
      channel,
      message: { type: 'message', text: 'Here is the graph', ts: parent, thread_ts: parent },
      event_ts: tsAt(base + 7),
      ts: tsAt(base + 7),
    });
    const file = await until(parent, () => true, 'the file share');
    expect(file.files).toEqual([
      {
        name: 'latency.png',
        type: 'image/png',
        size: 48213,
        permalink: 'https://fake.slack.test/files/U0REPORTER/F0GRAPH/latency.png',
      },
    ]);
    await until(reply1, () => true, 'the first reply');
    await until(reply2, () => true, 'the second reply');
    const thread = await list(`thread=${parent}`);
    expect(thread.results.map((m) => [m.ts, m.thread_ts])).toEqual([
      [parent, null],
      [reply1, parent],
      [reply2, parent],
    ]);
  });

  it('reads oldest first, with search in any language and time filters', async () => {
    const early = tsAt(base - 1800);
    const late = tsAt(base + 1800);
    await sendEvent(h, message(channel, late, 'Le paiement a ÉCHOUÉ à nouveau'));
    await sendEvent(h, message(channel, early, 'Zahlung fehlgeschlagen 100%_sicher'));
    await until(late, () => true, 'the late message');
    await until(early, () => true, 'the early message');

    const all = await list('limit=1000');
    const times = all.results.map((m) => m.posted_at);
    expect(times).toEqual([...times].sort());
    expect(all.results[0].ts).toBe(early);

    expect((await list('search=échoué')).results.map((m) => m.ts)).toEqual([late]);
    // `%` and `_` are searched for, not wildcards.
    expect((await list('search=100%25_s')).results.map((m) => m.ts)).toEqual([early]);
    expect((await list('search=100%25x')).count).toBe(0);

    const since = new Date((base + 1700) * 1000).toISOString();
    expect((await list(`since=${since}`)).results.map((m) => m.ts)).toEqual([late]);
    const untilTime = new Date((base - 1700) * 1000).toISOString();
    expect((await list(`until=${untilTime}`)).results.map((m) => m.ts)).toEqual([early]);

    const page = await list('limit=2&offset=1');
    expect(page.results).toHaveLength(2);
    expect(page.count).toBe(all.count);
    expect(page.next).toContain('offset=3');

    const bad = await coreApi(h.t)
      .get(`/core/incidents/${incidentId}/messages?since=yesterday&thread=x`)
      .expect(400);
    expect(Object.keys(bad.body.errors ?? {}).sort()).toEqual(['since', 'thread']);
  });

  it('searches through one index of the incident and the text’s trigrams, and counts only what a page cannot tell', async () => {
    const ds = h.t.app.get(DataSource);
    const indexes: { indexdef: string }[] = await ds.query(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'channel_message' AND indexdef ILIKE '%gin%'`,
    );
    expect(indexes.map((i) => i.indexdef)).toEqual([
      expect.stringMatching(
        /ix_channel_message_search .*USING gin \(incident_id, text gin_trgm_ops\)/,
      ),
    ]);

    /** The statements a request sends to channel_message. */
    const statements = async (query: string) => {
      const logger = ds.logger;
      const logQuery = logger.logQuery.bind(logger);
      const seen: string[] = [];
      logger.logQuery = (sql, parameters, runner) => {
        if (/\bchannel_message\b/.test(sql)) seen.push(/count\(\*\)/.test(sql) ? 'count' : 'page');
        return logQuery(sql, parameters, runner);
      };
      try {
        return { page: await list(query), seen };
      } finally {
        logger.logQuery = logQuery;
      }
    };
    const all = await list('limit=1000');
    expect(all.count).toBeGreaterThan(3);

    // A short page is the last: it tells the count by itself.
    const few = await statements('search=échoué');
    expect(few.page.count).toBe(1);
    expect(few.seen).toEqual(['page']);
    const tail = await statements(`limit=2&offset=${all.count - 1}`);
    expect([tail.page.count, tail.page.results.length, tail.seen]).toEqual([
      all.count,
      1,
      ['page'],
    ]);
    // A full page, or an empty one past the first, does not: the messages are counted.
    const full = await statements(`limit=${all.count}`);
    expect([full.page.count, full.page.next, full.seen]).toEqual([
      all.count,
      null,
      ['page', 'count'],
    ]);
    const past = await statements(`limit=2&offset=${all.count + 5}`);
    expect([past.page.count, past.page.results, past.seen]).toEqual([
      all.count,
      [],
      ['page', 'count'],
    ]);
  });

  it('curates: adds a message to the timeline once, at its own time, with author and permalink', async () => {
    const ts = tsAt(base + 300);
    await sendEvent(h, message(channel, ts, 'Found it: the &lt;cache&gt; expired'));
    await until(ts, () => true, 'the message');

    const path = `/core/incidents/${incidentId}/messages/${ts}/timeline`;
    const [first, second] = await Promise.all([coreApi(h.t).post(path), coreApi(h.t).post(path)]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    expect(first.body.id).toBe(second.body.id);
    const entry = first.body as TimelineEntryDto;
    expect(entry).toMatchObject({
      event_type: 'slack_message',
      timestamp: new Date(Number(ts) * 1000).toISOString(),
      text: 'Found it: the &lt;cache&gt; expired',
    });
    expect(entry.metadata).toMatchObject({
      message_ts: ts,
      channel_id: channel,
      permalink: `https://fake.slack.test/archives/${channel}/p${ts.replace('.', '')}`,
      author: { external_id: People.reporter.id },
    });
    expect((await stored(ts))!.on_timeline).toBe(true);
    await coreApi(h.t).post(path).expect(200);

    // An edit in Slack updates the entry; removing the entry keeps the message.
    await sendEvent(h, edited(channel, ts, 'Found it: the TTL was 0', tsAt(base + 400), 'x'));
    await eventually(
      async () =>
        (await coreApi(h.t).get(`/core/incidents/${incidentId}/timeline/events/${entry.id}`)).body
          .text === 'Found it: the TTL was 0',
      10_000,
      'the entry follows the edit',
    );
    await coreApi(h.t)
      .delete(`/core/incidents/${incidentId}/timeline/events/${entry.id}`)
      .expect(204);
    expect(await stored(ts)).toMatchObject({ on_timeline: false, text: 'Found it: the TTL was 0' });

    await coreApi(h.t).post(`/core/incidents/${incidentId}/messages/1.000001/timeline`).expect(404);
    await coreApi(h.t).post(`/core/incidents/${incidentId}/messages/not-a-ts/timeline`).expect(400);
    const viewer = await h.t
      .http()
      .post(path)
      .set('Authorization', basic(VIEWER.username, VIEWER.password));
    expect(viewer.status).toBe(403);
  });

  it('a pinned message’s entry follows its edits and its deletion', async () => {
    const ts = tsAt(base + 500);
    await sendEvent(h, message(channel, ts, 'Pinned finding'));
    await until(ts, () => true, 'the message');
    await sendEvent(h, {
      type: 'pin_added',
      user: People.reporter.id,
      channel_id: channel,
      item: {
        type: 'message',
        channel,
        message: { type: 'message', user: People.reporter.id, text: 'Pinned finding', ts },
        created: base,
        created_by: People.reporter.id,
      },
      event_ts: tsAt(base + 501),
    });
    const pinEntry = async () =>
      (
        (await coreApi(h.t).get(`/core/incidents/${incidentId}/timeline/events?limit=1000`)).body
          .results as TimelineEntryDto[]
      ).find((e) => e.event_type === 'slack_pin' && e.metadata?.message_ts === ts);
    await eventually(pinEntry, 10_000, 'the pin entry');
    expect((await stored(ts))!.on_timeline).toBe(true);
    await sendEvent(h, edited(channel, ts, 'Pinned finding, corrected', tsAt(base + 510), 'x'));
    await eventually(
      async () => (await pinEntry())?.text === 'Pinned finding, corrected',
      10_000,
      'the pin entry follows the edit',
    );
    await sendEvent(h, deletedEvent(channel, ts, tsAt(base + 520), 'x'));
    const marked = await eventually(
      async () => {
        const entry = await pinEntry();
        return entry?.metadata?.deleted ? entry : null;
      },
      10_000,
      'the pin entry marked deleted',
    );
    expect(marked.text).toBe('This message was deleted in Slack.');
  });

  it('report.md carries the conversation as an appendix on request', async () => {
    const plain = await coreApi(h.t).get(`/core/incidents/${incidentId}/report.md`).expect(200);
    expect(plain.text).not.toContain('## Transcript');
    const res = await coreApi(h.t)
      .get(`/core/incidents/${incidentId}/report.md?transcript=1`)
      .expect(200);
    expect(res.text).toContain('## Transcript');
    // Decoded once, author named, replies indented under their parent, files linked.
    expect(res.text).toContain('Rolling back <checkout> & payments');
    expect(res.text).toMatch(/\*\*\d\d:\d\d:\d\d\*\* rita/);
    expect(res.text).toMatch(/\n {4}- \*\*\d\d:\d\d:\d\d\*\* rita\n {6}First reply/);
    expect(res.text).toContain(
      '[latency.png](https://fake.slack.test/files/U0REPORTER/F0GRAPH/latency.png)',
    );
    expect(res.text).toContain('_(deleted)_');
    expect(res.text).not.toContain('hunter2');
  });

  it('hides the messages of a private incident from those who may not see it', async () => {
    const secret = await coreApi(h.t)
      .post('/core/incidents', {
        report: 'Quiet breach',
        reporter: { external_id: People.reporter.id },
        private: true,
      })
      .expect(201);
    const res = await h.t
      .http()
      .get(`/core/incidents/${secret.body.id}/messages`)
      .set('Authorization', basic(VIEWER.username, VIEWER.password));
    expect(res.status).toBe(404);
    await h.t
      .http()
      .get(`/core/incidents/${incidentId}/messages`)
      .set('Authorization', basic(VIEWER.username, VIEWER.password))
      .expect(200);
  });

  it('MESSAGE_RETENTION_DAYS purges the messages of incidents closed longer ago, and only those', async () => {
    const { incident, channel: old } = await incidentWithChannel(h, { report: 'Long ago' });
    const ts = tsAt(base);
    await sendEvent(h, message(old, ts, 'From long ago'));
    await eventually(
      async () =>
        (await coreApi(h.t).get(`/core/incidents/${incident.id}/messages`)).body.count === 1,
      10_000,
      'the old message',
    );
    const day = 86_400_000;
    await coreApi(h.t)
      .patch(`/core/incidents/${incident.id}`, {
        start_time: new Date(Date.now() - 5 * day).toISOString(),
        end_time: new Date(Date.now() - 3 * day).toISOString(),
      })
      .expect(200);
    const before = (await list()).count;
    expect(await h.t.app.get(ChannelMessageRepository).purgeClosedBefore(2)).toBe(1);
    expect((await coreApi(h.t).get(`/core/incidents/${incident.id}/messages`)).body.count).toBe(0);
    expect((await list()).count).toBe(before);
  });

  it('archives the channel after ARCHIVE_AFTER with a warning first, once, and unarchives on reopen', async () => {
    const { incident, channel: archived } = await incidentWithChannel(h, { report: 'Old one' });
    await coreApi(h.t)
      .patch(`/core/incidents/${incident.id}`, { end_time: new Date().toISOString() })
      .expect(200);
    await h.slack.waitFor(
      () => h.slack.calls('conversations.archive').find((c) => c.args.channel === archived),
      15_000,
      'conversations.archive',
    );
    expect(h.slack.channel(archived)?.is_archived).toBe(true);
    const warnings = h.slack
      .calls('chat.postMessage')
      .filter(
        (c) => c.args.channel === archived && String(c.args.text).includes('will be archived'),
      );
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].args.text)).toContain('reopen the incident to keep it');
    const order = h.slack
      .calls()
      .filter((c) => c.args.channel === archived)
      .map((c) => c.method);
    expect(order.indexOf('chat.postMessage')).toBeLessThan(order.indexOf('conversations.archive'));

    // Later sweeps change nothing.
    await settle(2500);
    expect(
      h.slack.calls('conversations.archive').filter((c) => c.args.channel === archived),
    ).toHaveLength(1);

    await coreApi(h.t).patch(`/core/incidents/${incident.id}`, { end_time: null }).expect(200);
    await h.slack.waitFor(
      () => h.slack.calls('conversations.unarchive').find((c) => c.args.channel === archived),
      10_000,
      'conversations.unarchive',
    );
    expect(h.slack.channel(archived)?.is_archived).toBe(false);
    const row: { archived_at: Date | null; archive_warned_at: Date | null }[] = await h.t.app
      .get(DataSource)
      .query(`SELECT archived_at, archive_warned_at FROM comms_channel WHERE channel_id = $1`, [
        archived,
      ]);
    expect(row[0]).toEqual({ archived_at: null, archive_warned_at: null });
  });
});
