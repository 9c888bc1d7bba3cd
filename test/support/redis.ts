import { Redis } from 'ioredis';

const BASE = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let next = 1 + (process.pid % 14);

/** A Redis database index of its own for one test file, emptied first. */
export async function createTestRedis(): Promise<{ url: string; flush(): Promise<void> }> {
  const db = next;
  next = (next % 15) + 1;
  const url = `${BASE}/${db}`;
  const flush = async () => {
    const client = new Redis(url, { maxRetriesPerRequest: 1 });
    await client.flushdb();
    client.disconnect();
  };
  await flush();
  return { url, flush };
}
