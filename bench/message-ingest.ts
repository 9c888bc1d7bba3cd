/**
 * Benchmark: keeping the record of an incident channel under load. Signed
 * `message` events into an incident's comms channel at BENCH_RATE (200) per
 * second for BENCH_DURATION (30) s: how fast they are acknowledged, and
 * whether every message ends up stored.
 *
 *   npm run bench:ingest
 *
 * builds the contracts and the server, then (from the repository root):
 * - starts the fake Slack Web API (test/fakes/fake-slack.ts) in this process,
 *   a Redis of its own and the built server on a scratch Postgres database;
 * - declares an incident through `/core` and opens its comms channel with a
 *   signed click on the headline's button, as people do;
 * - sends signed `message` events into that channel with autocannon, each a
 *   new message with Slack's payload shape: a tenth are thread replies, one in
 *   fifty shares a file, five people take turns, the words come from several
 *   languages; and prints the ack latency (p50/p99/max) and the failed requests;
 * - then looks up the messages the server acknowledged (by their ts) until every
 *   one is stored, and says how long after the load that took (the queue
 *   draining the handle-event jobs), and when the job queue was empty.
 *
 * Knobs: BENCH_RATE (200), BENCH_DURATION (30), BENCH_CONNECTIONS (50),
 * BENCH_DATABASE_URL (an existing database used to create and drop a scratch
 * one), BENCH_DRAIN_TIMEOUT (180 s), BENCH_SPLIT=1 to run the HTTP process
 * (ROLE=api) and a worker (ROLE=worker) apart, as a production deployment would.
 */
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { FakeSlack } from '../test/fakes/fake-slack.js';
import { ADMIN } from '../test/support/admin.js';
import { createTestDatabase } from '../test/support/database.js';
import {
  startRedisServer,
  startServerProcess,
  type ServerProcess,
} from '../test/support/processes.js';
import {
  eventCallback,
  events,
  headlineClick,
  signedPost,
  slackEnv,
  type SlackBody,
} from '../test/support/slack.js';
import {
  INCIDENT_WORDS,
  failures,
  queueDrained,
  signedLoad,
  thousands,
  type AutocannonResult,
} from './support.js';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RATE = Number(process.env.BENCH_RATE ?? 200);
const DURATION = Number(process.env.BENCH_DURATION ?? 30);
/** Enough that slower answers do not lower the rate offered (autocannon waits for each answer). */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SPLIT = process.env.BENCH_SPLIT === '1';
const DRAIN_TIMEOUT_MS = Number(process.env.BENCH_DRAIN_TIMEOUT ?? 180) * 1000;
const PEOPLE = ['U0BENCHA01', 'U0BENCHA02', 'U0BENCHA03', 'U0BENCHA04', 'U0BENCHA05'];

const authorization = `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`;

async function core<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Declares an incident and opens its comms channel as people do; answers the channel. */
async function incidentChannel(
  server: ServerProcess,
  slack: FakeSlack,
): Promise<{ incidentId: number; channel: string }> {
  const incident = await core<{ id: number }>(server.url, 'POST', '/core/incidents', {
    report: 'Checkout is failing under load',
    reporter: { external_id: PEOPLE[0] },
  });
  const click = await headlineClick(slack, incident.id, {
    actionId: 'create-comms-channel-button',
    userId: PEOPLE[0],
  });
  const res = await signedPost(server.url, '/slack/action', click);
  if (res.status !== 200) throw new Error(`The click answered ${res.status}: ${res.text}`);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const current = await core<{ comms_channel: { channel_id: string } | null }>(
      server.url,
      'GET',
      `/core/incidents/${incident.id}`,
    );
    if (current.comms_channel)
      return { incidentId: incident.id, channel: current.comms_channel.channel_id };
    if (Date.now() > deadline) throw new Error('The comms channel was not made');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Builds the message events: each a new message, 5 ms of Slack time after the one before. */
function messages(channel: string): () => SlackBody {
  let seq = 0;
  let parent = '';
  const start = (Math.floor(Date.now() / 1000) - 3600) * 1_000_000;
  const word = (n: number) => INCIDENT_WORDS[(n * 7919) % INCIDENT_WORDS.length];
  return () => {
    seq++;
    const micros = start + seq * 5000;
    const ts = `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
    const user = PEOPLE[seq % PEOPLE.length];
    const text = Array.from({ length: 4 + (seq % 9) }, (_, i) => word(seq * 13 + i)).join(' ');
    const event: Record<string, unknown> = {
      ...events.message({ channel, user, text, ts }),
      client_msg_id: `bench-${seq}`,
      team: 'T0FAKE',
    };
    if (seq % 10 === 0 && parent) Object.assign(event, { thread_ts: parent, parent_user_id: user });
    else parent = ts;
    if (seq % 50 === 7)
      Object.assign(event, {
        subtype: 'file_share',
        upload: false,
        files: [
          {
            id: `F0BENCH${seq}`,
            name: `graph-${seq}.png`,
            title: 'Graph',
            mimetype: 'image/png',
            filetype: 'png',
            size: 20480 + seq,
            permalink: `https://fake.slack.test/files/${user}/F0BENCH${seq}/graph.png`,
          },
        ],
      });
    return eventCallback(event);
  };
}

async function main(): Promise<void> {
  const slack = await new FakeSlack().start();
  PEOPLE.forEach((id, i) =>
    slack.seedUser({
      id,
      name: `person${i}`,
      real_name: `Person ${i}`,
      display_name: `person${i}`,
    }),
  );
  const database = await createTestDatabase({ adminUrl: ADMIN_URL, prefix: 'response_bench_' });
  const redis = await startRedisServer();
  const db = new pg.Client({ connectionString: database.url });
  const started: ServerProcess[] = [];
  try {
    const env = slackEnv(slack.url, {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      LOG_LEVEL: 'warn',
      SITE_URL: 'https://response.example.com',
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
    });
    const server = await startServerProcess(SPLIT ? { ...env, ROLE: 'api' } : env);
    started.push(server);
    // The worker says it started at level info.
    if (SPLIT)
      started.push(await startServerProcess({ ...env, ROLE: 'worker', LOG_LEVEL: 'info' }));
    await db.connect();
    const { incidentId, channel } = await incidentChannel(server, slack);
    /** How many of these messages are stored. */
    const stored = async (tss: string[]) =>
      Number(
        (
          await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM channel_message WHERE channel_id = $1 AND ts = ANY($2)`,
            [channel, tss],
          )
        ).rows[0].n,
      );
    /** Waits until every one of these messages is stored, or the time is up; answers how many are. */
    const storedAll = async (tss: string[], since: number) => {
      let count = await stored(tss);
      for (; count < tss.length && Date.now() - since < DRAIN_TIMEOUT_MS; count = await stored(tss))
        await new Promise((r) => setTimeout(r, 100));
      return count;
    };

    const next = messages(channel);
    let acked: string[] = [];
    const load = (durationSeconds: number): Promise<AutocannonResult> =>
      signedLoad(server.url, '/slack/event', next, {
        rate: RATE,
        durationSeconds,
        connections: CONNECTIONS,
        onAcked: (body) => acked.push((JSON.parse(body.raw) as { event: { ts: string } }).event.ts),
      });
    // Warm up code paths and connection pools, and let the worker finish with it.
    await load(3);
    await storedAll(acked, Date.now());
    await queueDrained(redis.url, DRAIN_TIMEOUT_MS);

    process.stdout.write(
      `Message ingest: ${RATE} signed message events/s for ${DURATION} s into the comms channel of incident ${incidentId}, ` +
        `${CONNECTIONS} connections, Redis on, ${SPLIT ? 'API and worker in separate processes' : 'API and worker in one process'}, load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores\n`,
    );
    acked = [];
    const result = await load(DURATION);
    const ended = Date.now();
    const kept = await storedAll(acked, ended);
    const storedSeconds = (Date.now() - ended) / 1000;
    await queueDrained(redis.url, DRAIN_TIMEOUT_MS);
    const drainedSeconds = (Date.now() - ended) / 1000;

    process.stdout.write(
      [
        '',
        `| measure                            |  p50 ms |  p99 ms |  max ms |  reqs  | errors |`,
        `|------------------------------------|--------:|--------:|--------:|-------:|-------:|`,
        `| ${`message ingest ack @ ${RATE}/s`.padEnd(34)} | ${String(result.latency.p50).padStart(6)} | ${String(result.latency.p99).padStart(6)} | ${String(result.latency.max).padStart(6)} | ${String(result.requests.total).padStart(6)} | ${String(failures(result)).padStart(6)} |`,
        `Stored: ${kept} of ${acked.length} acknowledged messages, ` +
          `${kept < acked.length ? 'the others still missing' : 'the last'} ${storedSeconds.toFixed(1)} s after the load ended` +
          `; the job queue was empty ${drainedSeconds.toFixed(1)} s after it ended. ` +
          `Sent ${thousands(result.requests.total)} events (${(result.requests.total / DURATION).toFixed(0)}/s)`,
        '',
      ].join('\n'),
    );
  } finally {
    await db.end().catch(() => undefined);
    for (const child of started) await child.stop();
    await slack.close();
    await redis.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
