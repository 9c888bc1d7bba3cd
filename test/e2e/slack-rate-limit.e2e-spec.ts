import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ChannelRateLimiter } from '../../libs/response/src/slack/channel-rate-limiter.js';
import type { Config } from '../../libs/response/src/config/config.js';
import { createTestRedis, type TestRedis } from '../support/redis.js';
import { TEST_INCIDENT_CHANNEL } from '../support/slack.js';
import { declare, eventually, startCommsApp } from './slack-comms-helpers.js';
import { DataSource } from 'typeorm';

const configWith = (url?: string) => ({ redis: { url } }) as unknown as Config;

async function reserveMany(
  limiter: ChannelRateLimiter,
  channel: string,
  n: number,
  maxWaitMs = 5000,
) {
  const slots = [];
  for (let i = 0; i < n; i++) slots.push(await limiter.reserve(channel, maxWaitMs));
  return slots;
}

/** The per-channel posting pace (a burst of 3, then one a second), in memory and shared through Redis. */
describe('Slack channel rate limiter', () => {
  let redis: TestRedis;

  beforeAll(async () => {
    redis = await createTestRedis();
  });
  afterAll(async () => {
    await redis?.release();
  });

  it('in memory: three posts at once, then one a second; a slot too far off is not taken', async () => {
    const limiter = new ChannelRateLimiter(configWith());
    const slots = await reserveMany(limiter, 'CMEM', 5);
    expect(slots.slice(0, 3).map((s) => s.waitMs)).toEqual([0, 0, 0]);
    expect(slots[3].waitMs).toBeGreaterThan(900);
    expect(slots[4].waitMs).toBeGreaterThan(1900);
    const far = await limiter.reserve('CMEM', 1000);
    expect(far).toMatchObject({ taken: false });
    expect(far.waitMs).toBeGreaterThan(2800);
    // Not taken: the next caller with room to wait gets the same turn.
    expect((await limiter.reserve('CMEM', 5000)).waitMs).toBeLessThan(far.waitMs + 50);
    expect((await limiter.reserve('COTHER', 0)).taken).toBe(true);
  });

  it('with Redis: two processes share one pace per channel', async () => {
    const a = new ChannelRateLimiter(configWith(redis.url));
    const b = new ChannelRateLimiter(configWith(redis.url));
    try {
      const first = await reserveMany(a, 'CSHARED', 3);
      expect(first.every((s) => s.taken && s.waitMs === 0)).toBe(true);
      const fromB = await b.reserve('CSHARED', 5000);
      expect(fromB.taken).toBe(true);
      expect(fromB.waitMs).toBeGreaterThan(900);
      expect((await a.reserve('CSHARED', 5000)).waitMs).toBeGreaterThan(1900);
      expect((await b.reserve('CELSEWHERE', 0)).taken).toBe(true);
    } finally {
      await a.onModuleDestroy();
      await b.onModuleDestroy();
    }
  });

  it('with Redis unreachable: paces in memory instead of failing', async () => {
    const limiter = new ChannelRateLimiter(configWith('redis://127.0.0.1:1'));
    try {
      const slots = await reserveMany(limiter, 'CDOWN', 4);
      expect(slots.map((s) => s.taken)).toEqual([true, true, true, true]);
      expect(slots[3].waitMs).toBeGreaterThan(900);
    } finally {
      await limiter.onModuleDestroy();
    }
  });

  it('a post waiting for its turn holds no transaction, lock or connection meanwhile', async () => {
    const h = await startCommsApp();
    try {
      const limiter = h.t.app.get(ChannelRateLimiter);
      const incident = await declare(h.t, { report: 'Paced headline' });
      await h.slack.waitFor(() => h.slack.calls('chat.postMessage').length > 0, 10_000, 'headline');
      // Fill the incident channel's pace for the next ~4 s, then change the incident.
      await reserveMany(limiter, TEST_INCIDENT_CHANNEL, 6);
      const before = h.slack.calls('chat.update').length;
      await h.t
        .http()
        .patch(`/core/incidents/${incident.id}`)
        .auth('admin', 'admin-password-1')
        .send({ summary: 'waits' })
        .expect(200);
      const db = h.t.app.get(DataSource);
      // Sessions inside a transaction, the outbox relay's short claims aside, and advisory locks held.
      const busy = async () =>
        (
          await db.query(
            `SELECT (SELECT count(*)::int FROM pg_stat_activity
                      WHERE datname = current_database() AND state LIKE 'idle in transaction%'
                        AND query NOT LIKE '%outbox_message%') AS idle_in_tx,
                    (SELECT count(*)::int FROM pg_locks WHERE locktype = 'advisory') AS advisory`,
          )
        )[0] as { idle_in_tx: number; advisory: number };
      for (let i = 0; i < 10; i++) {
        expect(await busy()).toEqual({ idle_in_tx: 0, advisory: 0 });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(h.slack.calls('chat.update').length).toBe(before);
      await eventually(
        async () => h.slack.calls('chat.update').length > before,
        10_000,
        'the paced update',
      );
    } finally {
      await h.close();
    }
  });
});
