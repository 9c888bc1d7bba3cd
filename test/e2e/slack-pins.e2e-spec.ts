import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { TimelineEntryDto } from '@response/contracts';
import { DataSource } from 'typeorm';
import { coreApi } from '../support/core-api.js';
import { events } from '../support/slack.js';
import {
  eventually,
  incidentWithChannel,
  People,
  seedPeople,
  sendEvent,
  settle,
  startCommsApp,
  type CommsHarness,
} from './slack-comms-helpers.js';

describe('Pins and 📌 on the timeline', () => {
  let h: CommsHarness;
  let incidentId: number;
  let channel: string;

  beforeAll(async () => {
    h = await startCommsApp();
  });
  afterAll(async () => {
    await h?.close();
  });
  beforeEach(async () => {
    h.slack.reset();
    seedPeople(h.slack);
    const created = await incidentWithChannel(h, { report: 'Pins everywhere' });
    incidentId = created.incident.id;
    channel = created.channel;
  });

  async function pins(): Promise<TimelineEntryDto[]> {
    const res = await coreApi(h.t)
      .get(`/core/incidents/${incidentId}/timeline/events?limit=100`)
      .expect(200);
    const body = res.body as { results: TimelineEntryDto[] } | TimelineEntryDto[];
    const list = Array.isArray(body) ? body : body.results;
    return list.filter((e) => e.event_type === 'slack_pin');
  }

  async function pinnedRows(): Promise<{ message_ts: string; timeline_event_id: number | null }[]> {
    return h.t.app
      .get(DataSource)
      .query(`SELECT message_ts, timeline_event_id FROM pinned_message WHERE incident_id = $1`, [
        incidentId,
      ]);
  }

  async function pinsSettled(count: number): Promise<TimelineEntryDto[]> {
    await eventually(async () => (await pins()).length === count, 10_000, `${count} pins`);
    await settle(800);
    const list = await pins();
    expect(list).toHaveLength(count);
    return list;
  }

  it('a pin becomes a timeline entry at the message time, with author and ids; a duplicate pin adds nothing', async () => {
    const ts = '1700000123.456700';
    const pin = events.pinAdded({
      channel,
      messageTs: ts,
      text: 'Rolled back to v41',
      author: People.alice.id,
      user: People.lead.id,
    });
    await sendEvent(h, pin);
    const [entry] = await pinsSettled(1);
    expect(entry.timestamp).toBe(new Date(1_700_000_123_457).toISOString());
    expect(entry.text).toBe('Rolled back to v41');
    expect(entry.metadata).toEqual({
      author: expect.objectContaining({
        app_id: 'slack',
        external_id: People.alice.id,
        display_name: 'alice',
      }),
      message_ts: ts,
      channel_id: channel,
    });

    // Slack retries the same event, and the same message is pinned again as a new event.
    await sendEvent(h, pin);
    await sendEvent(
      h,
      events.pinAdded({
        channel,
        messageTs: ts,
        text: 'Rolled back to v41',
        author: People.alice.id,
      }),
    );
    await pinsSettled(1);
  });

  it('pin_removed removes the entry', async () => {
    const ts = '1700000200.000100';
    await sendEvent(h, events.pinAdded({ channel, messageTs: ts, text: 'Pinned then unpinned' }));
    const [entry] = await pinsSettled(1);
    expect(await pinnedRows()).toEqual([{ message_ts: ts, timeline_event_id: entry.id }]);
    await sendEvent(h, events.pinRemoved({ channel, messageTs: ts }));
    await pinsSettled(0);
    expect(await pinnedRows()).toEqual([]);
    // The message can be pinned again afterwards.
    await sendEvent(h, events.pinAdded({ channel, messageTs: ts, text: 'Pinned then unpinned' }));
    await pinsSettled(1);
  });

  it('a 📌 reaction pins the message, fetched from Slack; removing it keeps a message that is also pinned', async () => {
    const message = h.slack.addMessage(channel, {
      text: 'DB failover started at 10:02',
      user: People.lead.id,
    });
    h.slack.addMessage(channel, { text: 'a later message', user: People.alice.id });
    await sendEvent(
      h,
      events.reactionAdded({
        channel,
        messageTs: message.ts,
        reaction: 'pushpin',
        user: People.alice.id,
        itemUser: People.lead.id,
      }),
    );
    const [entry] = await pinsSettled(1);
    expect(entry.text).toBe('DB failover started at 10:02');
    expect(entry.metadata).toMatchObject({
      author: { external_id: People.lead.id },
      message_ts: message.ts,
      channel_id: channel,
    });
    const history = h.slack.calls('conversations.history').at(-1)!;
    expect(history.args).toMatchObject({ channel, latest: message.ts, limit: '1' });
    expect(['true', '1', true]).toContain(history.args.inclusive);

    // Other reactions do nothing; a pin of the same message adds nothing.
    await sendEvent(h, events.reactionAdded({ channel, messageTs: message.ts, reaction: 'eyes' }));
    await sendEvent(
      h,
      events.pinAdded({
        channel,
        messageTs: message.ts,
        text: message.text,
        author: People.lead.id,
      }),
    );
    await pinsSettled(1);

    // The message is still pinned: taking off the 📌 keeps it; unpinning it then removes it.
    await sendEvent(
      h,
      events.reactionRemoved({ channel, messageTs: message.ts, reaction: 'pushpin' }),
    );
    await pinsSettled(1);
    await sendEvent(h, events.pinRemoved({ channel, messageTs: message.ts }));
    await pinsSettled(0);
  });

  it('unpinning a message that still carries a 📌 keeps it on the timeline until the 📌 goes', async () => {
    const message = h.slack.addMessage(channel, { text: 'Rolled back', user: People.lead.id });
    await sendEvent(
      h,
      events.pinAdded({
        channel,
        messageTs: message.ts,
        text: message.text,
        author: People.lead.id,
      }),
    );
    await sendEvent(
      h,
      events.reactionAdded({
        channel,
        messageTs: message.ts,
        reaction: 'pushpin',
        itemUser: People.lead.id,
      }),
    );
    await pinsSettled(1);
    await sendEvent(h, events.pinRemoved({ channel, messageTs: message.ts }));
    await pinsSettled(1);
    await sendEvent(
      h,
      events.reactionRemoved({ channel, messageTs: message.ts, reaction: 'pushpin' }),
    );
    await pinsSettled(0);
    expect(await pinnedRows()).toEqual([]);
  });

  it('a 📌 on a thread reply is fetched with conversations.replies', async () => {
    const parent = h.slack.addMessage(channel, { text: 'Thread parent', user: People.lead.id });
    const reply = h.slack.addMessage(channel, {
      text: 'Reply inside the thread',
      user: People.alice.id,
    });
    h.slack.messages(channel).find((m) => m.ts === reply.ts)!.thread_ts = parent.ts;
    // Like Slack, channel history leaves thread replies out.
    const handlers = (
      h.slack as unknown as {
        handlers: Record<string, (args: Record<string, unknown>) => Record<string, unknown>>;
      }
    ).handlers;
    const history = handlers['conversations.history'];
    handlers['conversations.history'] = (args) => {
      const answer = history(args) as { messages: { ts: string; thread_ts?: string }[] };
      return {
        ...answer,
        messages: answer.messages.filter((m) => !m.thread_ts || m.thread_ts === m.ts),
      };
    };
    try {
      await sendEvent(
        h,
        events.reactionAdded({ channel, messageTs: reply.ts, reaction: 'pushpin' }),
      );
      const [entry] = await pinsSettled(1);
      expect(entry.text).toBe('Reply inside the thread');
      expect(entry.metadata).toMatchObject({
        author: { external_id: People.alice.id },
        message_ts: reply.ts,
      });
      expect(h.slack.calls('conversations.replies').at(-1)?.args).toMatchObject({
        channel,
        ts: reply.ts,
      });
    } finally {
      handlers['conversations.history'] = history;
    }
  });

  it('events in channels that are not comms channels are ignored', async () => {
    await sendEvent(
      h,
      events.pinAdded({ channel: 'CRANDOM01', messageTs: '1700000300.000100', text: 'elsewhere' }),
    );
    await settle(1000);
    expect(await pins()).toHaveLength(0);
  });
});
