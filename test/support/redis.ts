import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

const BASE = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Database 0 is left alone; 1..15 are handed out to tests. */
const FIRST_DB = 1;
const LAST_DB = 15;
/** Held in a claimed database while a test uses it. */
const CLAIM_KEY = 'response-test-claim';
/** A claim outlives a crashed test process by at most this long. */
const CLAIM_SECONDS = 900;
const RENEW_EVERY_MS = 5 * 60_000;
/** How long to wait for a database when all are claimed. */
const WAIT_MS = 20_000;

/** Deletes the claim, or renews it, only while it is still ours. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], ARGV[2]) end return 0`;

export interface TestRedis {
  url: string;
  /** Empties the database, keeping the claim. */
  flush(): Promise<void>;
  /** Gives the database back to other test processes. */
  release(): Promise<void>;
}

async function withClient<T>(url: string, run: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await client.connect();
    return await run(client);
  } finally {
    client.disconnect();
  }
}

/**
 * A Redis database of its own for one test app, emptied first. The database is
 * claimed with `SET NX` inside it, so test processes running at the same time
 * never share one (and never take each other's Bull jobs); `release()` frees it.
 */
export async function createTestRedis(): Promise<TestRedis> {
  const token = `${process.pid}-${randomUUID()}`;
  const db = await withClient(BASE, async (client) => {
    for (const deadline = Date.now() + WAIT_MS; ;) {
      for (let index = FIRST_DB; index <= LAST_DB; index++) {
        await client.select(index);
        if ((await client.set(CLAIM_KEY, token, 'EX', CLAIM_SECONDS, 'NX')) === 'OK') return index;
      }
      if (Date.now() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });
  if (db === null) {
    throw new Error(
      `No free Redis test database at ${BASE} after ${WAIT_MS / 1000} s: databases ${FIRST_DB}-${LAST_DB} are all claimed by other test processes ` +
        `(key "${CLAIM_KEY}"). Wait for them to finish, or delete claims left by killed runs (they expire after ${CLAIM_SECONDS} s).`,
    );
  }
  const url = `${BASE}/${db}`;
  const flush = () =>
    withClient(url, async (client) => {
      // One transaction: nobody can claim the database between the flush and the new claim.
      await client.multi().flushdb().set(CLAIM_KEY, token, 'EX', CLAIM_SECONDS).exec();
    });
  // Long test files keep their claim.
  const renewal = setInterval(() => {
    withClient(url, (client) => client.eval(RENEW, 1, CLAIM_KEY, token, CLAIM_SECONDS)).catch(
      () => undefined,
    );
  }, RENEW_EVERY_MS);
  renewal.unref();
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    clearInterval(renewal);
    await withClient(url, (client) => client.eval(RELEASE, 1, CLAIM_KEY, token));
  };
  try {
    await flush();
  } catch (err) {
    await release().catch(() => undefined);
    throw err;
  }
  return { url, flush, release };
}
