import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { CommsChannelService } from '../channel/comms-channel.service.js';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import { UsersService } from '../../users/users.service.js';
import { KeywordHandler } from '../extensions/decorators.js';
import { ExtensionRegistry, type KeywordContext } from '../extensions/extension-registry.js';
import { MessageContextFactory } from '../extensions/message-context.js';
import { SlackClientService, type SlackCallJob } from '../../slack/slack-client.service.js';
import { ChannelEvents } from './channel-events.js';
import { PinsService } from './pins.service.js';
import { UserStatsRepository } from './user-stats.repository.js';

const seen: KeywordContext[] = [];

/** Keyword plug-ins as a team would write them. */
@Injectable()
class RunbookLinks {
  @KeywordHandler(['database', 'postgres'])
  async database(context: KeywordContext): Promise<void> {
    seen.push(context);
    await context.say('The database runbook: https://runbooks.example.com/db');
  }

  @KeywordHandler(['boom'])
  async broken(): Promise<void> {
    throw new Error('plug-in bug');
  }
}

async function setUp() {
  seen.length = 0;
  const queries: unknown[][] = [];
  const enqueued: SlackCallJob[] = [];
  const incident = { id: 42 } as IncidentWithChannel;
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      ExtensionRegistry,
      MessageContextFactory,
      ChannelEvents,
      RunbookLinks,
      {
        provide: UserStatsRepository,
        useValue: { countMessage: async (...args: unknown[]) => void queries.push(args) },
      },
      {
        provide: CommsChannelService,
        useValue: { incidentForChannel: async (id: string) => (id === 'CCOMMS' ? incident : null) },
      },
      { provide: UsersService, useValue: { resolveRef: async () => ({ id: 7 }) } },
      { provide: PinsService, useValue: {} },
      {
        provide: SlackClientService,
        useValue: {
          enqueue: async (_m: unknown, job: SlackCallJob) => void enqueued.push(job),
        },
      },
    ],
  }).compile();
  await module.init();
  return { events: module.get(ChannelEvents), queries, enqueued, close: () => module.close() };
}

const message = (text: string, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  channel: 'CCOMMS',
  user: 'U0ALICE',
  text,
  ts: '1700000000.000100',
  ...extra,
});

describe('ChannelEvents.onMessage', () => {
  it('counts the message and runs the keyword handlers whose word appears', async () => {
    const t = await setUp();
    await t.events.onMessage(message('Is the Database down again?'));
    expect(t.queries).toHaveLength(1);
    expect(t.queries[0]).toEqual([42, 7, new Date(1_700_000_000_000)]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      keyword: 'database',
      text: 'Is the Database down again?',
      channelId: 'CCOMMS',
      userId: 'U0ALICE',
    });
    expect(t.enqueued).toEqual([
      expect.objectContaining({
        method: 'chat.postMessage',
        args: expect.objectContaining({
          channel: 'CCOMMS',
          text: expect.stringContaining('runbook'),
        }),
      }),
    ]);
    await t.close();
  });

  it('a failing keyword handler does not fail the event (the message is not counted twice on retry)', async () => {
    const t = await setUp();
    await expect(t.events.onMessage(message('boom goes the postgres'))).resolves.toBeUndefined();
    expect(t.queries).toHaveLength(1);
    expect(seen.map((c) => c.keyword)).toEqual(['postgres']);
    await t.close();
  });

  it('ignores other channels, joins and edits, and words inside other words', async () => {
    const t = await setUp();
    await t.events.onMessage(message('database', { channel: 'COTHER' }));
    await t.events.onMessage(message('database', { subtype: 'channel_join' }));
    await t.events.onMessage(message('database', { subtype: 'message_changed' }));
    expect(t.queries).toHaveLength(0);
    await t.events.onMessage(message('databases are fine'));
    expect(t.queries).toHaveLength(1);
    expect(seen).toHaveLength(0);
    await t.close();
  });
});
