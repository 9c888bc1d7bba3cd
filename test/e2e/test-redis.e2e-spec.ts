import { describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { createTestRedis } from '../support/redis.js';

/** The test harness gives every test app a Redis database no other test process uses at the same time. */
describe('test Redis databases', () => {
  it('hands out a different database to each claim, keeps the claim through a flush and frees it on release', async () => {
    const first = await createTestRedis();
    const second = await createTestRedis();
    try {
      expect(first.url).not.toBe(second.url);
      const client = new Redis(first.url, { maxRetriesPerRequest: 1 });
      try {
        await client.set('left-over', '1');
        await first.flush();
        expect(await client.exists('left-over')).toBe(0);
        expect(await client.get('response-test-claim')).toEqual(expect.any(String));
        expect(await client.ttl('response-test-claim')).toBeGreaterThan(0);
        await first.release();
        expect(await client.exists('response-test-claim')).toBe(0);
      } finally {
        client.disconnect();
      }
    } finally {
      await first.release();
      await second.release();
    }
  });
});
