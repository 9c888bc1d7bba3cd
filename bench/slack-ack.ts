/**
 * Benchmark: how fast Slack's requests are acknowledged, and how long a
 * declaration takes to show up as a headline post.
 *
 *   npm run bench:slack
 *
 * builds the contracts and the server, then (from the repository root):
 * - starts the fake Slack Web API (test/fakes/fake-slack.ts) in this process;
 * - boots the built server (server/dist/main.js) as its own process on a
 *   scratch Postgres database and a Redis database, with Slack pointed at the fake;
 * - sends signed `/slack/event` (`message` events, each with a new event_id)
 *   and then signed `/slack/action` (`block_actions`: the Close button of an
 *   unknown incident) at BENCH_RATE requests/s for BENCH_DURATION seconds each,
 *   with autocannon, and prints p50/p99/max latency;
 * - declares BENCH_DECLARATIONS incidents through signed `view_submission`
 *   requests, one every BENCH_DECLARE_GAP_MS (Slack allows about one post per
 *   second in a channel), and measures from each response to the fake Slack
 *   receiving the headline's `chat.postMessage`;
 * - prints the server's RSS idle and after the load, then cleans up.
 *
 * Knobs: BENCH_RATE (200), BENCH_DURATION (20), BENCH_CONNECTIONS (10),
 * BENCH_DECLARATIONS (50), BENCH_DECLARE_GAP_MS (1100), BENCH_DATABASE_URL
 * (an existing database used to create and drop a scratch one),
 * BENCH_REDIS_URL (default: a redis-server of its own on a free port, so no
 * other database is touched), BENCH_NO_REDIS=1 to run without Redis (the
 * in-process queue), BENCH_REDIS_DOWN=1 to stop Redis before the ack load
 * (acks then rest on the outbox alone; the declare phase is skipped),
 * BENCH_SPLIT=1 to run the HTTP process (ROLE=api) and a worker (ROLE=worker)
 * separately, as a production deployment would. The declare phase starts once
 * the queue has drained the ack phase's jobs, so it measures the path itself,
 * not the backlog.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { FakeSlack } from '../test/fakes/fake-slack.js';
import { ADMIN } from '../test/support/admin.js';
import { createTestDatabase } from '../test/support/database.js';
import {
  startRedisServer,
  startServerProcess,
  type ServerProcess,
} from '../test/support/processes.js';
import {
  TEST_INCIDENT_CHANNEL,
  blockActions,
  eventCallback,
  events,
  sealedMetadata,
  signedPost,
  slackEnv,
  state,
  viewSubmission,
  type SlackBody,
} from '../test/support/slack.js';
import {
  failures,
  percentile,
  queueDrained,
  rssMb,
  signedLoad,
  type AutocannonResult,
} from './support.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const USE_REDIS = process.env.BENCH_NO_REDIS !== '1';
const REDIS_DOWN = USE_REDIS && process.env.BENCH_REDIS_DOWN === '1';
const SPLIT = USE_REDIS && process.env.BENCH_SPLIT === '1';
const RATE = Number(process.env.BENCH_RATE ?? 200);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DECLARATIONS = Number(process.env.BENCH_DECLARATIONS ?? 50);
const DECLARE_GAP_MS = Number(process.env.BENCH_DECLARE_GAP_MS ?? 1100);
const REPORTER = 'U0BENCH001';

let seq = 0;
/** A `message` event in a channel that is no incident's, under a new event_id. */
function eventBody(): SlackBody {
  seq++;
  return eventCallback(
    events.message({ channel: 'CBENCHRANDOM', user: REPORTER, text: `hello ${seq}` }),
  );
}

/**
 * The Close button of an incident that does not exist; the app tells the
 * clicker so through the click's response_url, which the fake Slack answers.
 */
function actionBody(responseUrl: string): SlackBody {
  return blockActions({
    actionId: 'close-incident-button',
    value: '99999999',
    userId: REPORTER,
    channelId: TEST_INCIDENT_CHANNEL,
    responseUrl,
  });
}

/** The declare modal, submitted, with the metadata the app sealed when it opened it. */
function declareBody(report: string): SlackBody {
  return viewSubmission({
    callbackId: 'incident-report',
    userId: REPORTER,
    privateMetadata: sealedMetadata({ channel_id: 'CBENCHRANDOM' }, REPORTER),
    values: { report: state.text(report), severity: state.option('2', 'Major') },
  });
}

function ack(url: string, path: string, build: () => SlackBody): Promise<AutocannonResult> {
  return signedLoad(url, path, build, {
    rate: RATE,
    durationSeconds: DURATION,
    connections: CONNECTIONS,
  });
}

async function main(): Promise<void> {
  const slack = await new FakeSlack().start();
  slack.seedUser({ id: REPORTER, name: 'bench', real_name: 'Bench Reporter' });
  const database = await createTestDatabase({ adminUrl: ADMIN_URL, prefix: 'response_bench_' });
  const ownRedis = USE_REDIS && !process.env.BENCH_REDIS_URL ? await startRedisServer() : null;
  const REDIS_URL = USE_REDIS ? (process.env.BENCH_REDIS_URL ?? ownRedis!.url) : undefined;

  const env = slackEnv(slack.url, {
    DATABASE_URL: database.url,
    REDIS_URL,
    LOG_LEVEL: 'warn',
    SITE_URL: 'https://response.example.com',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
  });
  const started: ServerProcess[] = [];
  try {
    const server = await startServerProcess(SPLIT ? { ...env, ROLE: 'api' } : env);
    started.push(server);
    // The worker says it started at level info.
    if (SPLIT)
      started.push(await startServerProcess({ ...env, ROLE: 'worker', LOG_LEVEL: 'info' }));
    const pid = server.child.pid!;
    // Warm up code paths and connection pools.
    await ack(server.url, '/slack/event', eventBody).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2000));
    const idleRss = rssMb(pid);

    if (REDIS_DOWN) {
      await ownRedis?.stop();
      await new Promise((r) => setTimeout(r, 1000));
    }
    const redisState = !USE_REDIS
      ? 'off (in-process queue)'
      : REDIS_DOWN
        ? 'configured but stopped'
        : 'on';
    process.stdout.write(
      `Ack load: ${RATE} signed requests/s for ${DURATION} s, ${CONNECTIONS} connections, Redis ${redisState}, ` +
        `${SPLIT ? 'API and worker in separate processes' : 'API and worker in one process'}, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores\n`,
    );
    const eventAcks = await ack(server.url, '/slack/event', eventBody);
    const responseUrl = slack.responseUrl();
    const actionAcks = await ack(server.url, '/slack/action', () => actionBody(responseUrl));
    const loadRss = rssMb(pid);

    // Declare -> headline post, once the ack phase's jobs are done.
    const drainStarted = Date.now();
    if (!REDIS_DOWN) await queueDrained(REDIS_URL);
    const drainSeconds = ((Date.now() - drainStarted) / 1000).toFixed(1);
    await new Promise((r) => setTimeout(r, 1000));
    const samples: number[] = [];
    let missing = 0;
    for (let i = 0; i < (REDIS_DOWN ? 0 : DECLARATIONS); i++) {
      const report = `Bench declaration ${i} ${randomBytes(3).toString('hex')}`;
      const res = await signedPost(server.url, '/slack/action', declareBody(report));
      const answered = Date.now();
      if (res.status !== 200)
        throw new Error(`view_submission answered ${res.status}: ${res.text}`);
      try {
        const post = await slack.waitFor(
          () =>
            slack.calls('chat.postMessage').find((c) => String(c.args.text ?? '').includes(report)),
          10_000,
          'headline post',
        );
        samples.push(post.at - answered);
      } catch {
        missing++;
      }
      await new Promise((r) =>
        setTimeout(r, Math.max(0, DECLARE_GAP_MS - (Date.now() - answered))),
      );
    }
    const sorted = samples.sort((a, b) => a - b);

    const row = (name: string, r: AutocannonResult) =>
      `| ${name.padEnd(34)} | ${String(r.latency.p50).padStart(6)} | ${String(r.latency.p99).padStart(6)} | ${String(r.latency.max).padStart(6)} | ${String(r.requests.total).padStart(6)} | ${String(failures(r)).padStart(6)} |`;
    process.stdout.write(
      [
        '',
        `| measure                            |  p50 ms |  p99 ms |  max ms |  reqs  | errors |`,
        `|------------------------------------|--------:|--------:|--------:|-------:|-------:|`,
        row(`/slack/event ack @ ${RATE}/s`, eventAcks),
        row(`/slack/action ack @ ${RATE}/s`, actionAcks),
        REDIS_DOWN
          ? ''
          : `| ${`declare -> headline (n=${samples.length})`.padEnd(34)} | ${String(percentile(sorted, 50) ?? '-').padStart(6)} | ${String(percentile(sorted, 99) ?? '-').padStart(6)} | ${String(sorted.at(-1) ?? '-').padStart(6)} | ${String(DECLARATIONS).padStart(6)} | ${String(missing).padStart(6)} |`,
        REDIS_DOWN ? '(declare -> headline skipped: Redis is stopped)' : '',
        `Server RSS: ${idleRss} MB idle, ${loadRss} MB after the ack load; the queue drained the ack load's jobs ${drainSeconds} s after it ended`,
        '',
      ].join('\n'),
    );
  } finally {
    for (const child of started) await child.stop();
    await slack.close();
    await ownRedis?.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
