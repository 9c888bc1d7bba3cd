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
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';

type FakeSlackModule = typeof import('../test/fakes/fake-slack.js');

interface AutocannonResult {
  latency: { p50: number; p99: number; max: number; average: number };
  requests: { average: number; total: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const USE_REDIS = process.env.BENCH_NO_REDIS !== '1';
const REDIS_DOWN = USE_REDIS && process.env.BENCH_REDIS_DOWN === '1';
const SPLIT = USE_REDIS && process.env.BENCH_SPLIT === '1';
const RATE = Number(process.env.BENCH_RATE ?? 200);
const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DECLARATIONS = Number(process.env.BENCH_DECLARATIONS ?? 50);
const DECLARE_GAP_MS = Number(process.env.BENCH_DECLARE_GAP_MS ?? 1100);
const SECRET = 'bench-signing-secret-0123456789abcdef';
const CHANNEL = 'CBENCHINC';
const REPORTER = 'U0BENCH001';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

/** The fake Slack is TypeScript; compile it next to this script and import it. */
async function loadFakeSlack(): Promise<FakeSlackModule> {
  const swc = require('@swc/core') as {
    transformFileSync(path: string, options: unknown): { code: string };
  };
  const { code } = swc.transformFileSync(resolve('test/fakes/fake-slack.ts'), {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  const outDir = resolve('node_modules/.cache/bench');
  mkdirSync(outDir, { recursive: true });
  const out = resolve(outDir, 'fake-slack.mjs');
  writeFileSync(out, code);
  return (await import(pathToFileURL(out).href)) as FakeSlackModule;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

function sign(body: string, contentType: string): Record<string, string> {
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': signature,
  };
}

let seq = 0;
function eventBody(): string {
  seq++;
  const ts = `${(Date.now() / 1000).toFixed(6)}`;
  return JSON.stringify({
    token: 'x',
    team_id: 'T0000001',
    api_app_id: 'A0RESPONSE',
    type: 'event_callback',
    event_id: `EvBENCH${seq.toString(36).toUpperCase()}${randomBytes(4).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: {
      type: 'message',
      channel: 'CBENCHRANDOM',
      user: REPORTER,
      text: `hello ${seq}`,
      ts,
      event_ts: ts,
      channel_type: 'channel',
    },
  });
}

function actionBody(): string {
  const payload = {
    type: 'block_actions',
    user: { id: REPORTER, username: 'bench', team_id: 'T0000001' },
    api_app_id: 'A0RESPONSE',
    trigger_id: `${Date.now()}.1.${randomBytes(8).toString('hex')}`,
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: CHANNEL },
    channel: { id: CHANNEL, name: 'incidents' },
    message: { type: 'message', ts: '1700000000.000100', text: 'headline' },
    actions: [
      {
        type: 'button',
        action_id: 'close-incident-button',
        block_id: 'actions',
        value: '99999999',
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function declareBody(report: string): string {
  const payload = {
    type: 'view_submission',
    team: { id: 'T0000001' },
    user: { id: REPORTER, username: 'bench' },
    api_app_id: 'A0RESPONSE',
    view: {
      id: 'VBENCH',
      type: 'modal',
      callback_id: 'incident-report',
      private_metadata: JSON.stringify({ channel_id: 'CBENCHRANDOM' }),
      state: {
        values: {
          report: { report: { type: 'plain_text_input', value: report } },
          severity: {
            severity: {
              type: 'static_select',
              selected_option: { value: '2', text: { type: 'plain_text', text: 'Major' } },
            },
          },
        },
      },
    },
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function ack(
  url: string,
  path: string,
  build: () => { body: string; contentType: string },
): Promise<AutocannonResult> {
  return autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    overallRate: RATE,
    duration: DURATION,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: AutocannonRequest) => {
          const { body, contentType } = build();
          return { ...req, method: 'POST', path, body, headers: sign(body, contentType) };
        },
      },
    ],
  });
}

async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve('server/dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env, ROLE: 'worker', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`Worker did not start:\n${output.slice(-3000)}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/worker started/i.test(output)) {
        clearTimeout(timer);
        done();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
  return child;
}

async function startServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; output: string[] }> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve('server/dist/main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Server exited:\n${output.join('').slice(-3000)}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url, output };
    } catch {
      // not up yet
    }
    if (Date.now() > deadline)
      throw new Error(`Server did not start:\n${output.join('').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A throwaway redis-server on a free port. */
async function startRedis(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error('redis-server did not start')), 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (/Ready to accept connections/i.test(chunk.toString())) {
        clearTimeout(timer);
        done();
      }
    });
    child.once('error', fail);
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => void child.kill('SIGTERM') };
}

/** Waits until the slack queue has nothing waiting, delayed or running (Bull's keys). */
async function drained(redisUrl: string | undefined, timeoutMs = 120_000): Promise<void> {
  if (!redisUrl) {
    await new Promise((r) => setTimeout(r, 5000));
    return;
  }
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const [wait, active, delayedIds] = await Promise.all([
        redis.llen('response:slack:wait'),
        redis.llen('response:slack:active'),
        redis.zrange('response:slack:delayed', 0, -1),
      ]);
      // Repeatable housekeeping jobs stay delayed; only count what is left of the load.
      const delayed = delayedIds.filter((id) => !id.startsWith('repeat:')).length;
      if (wait === 0 && active === 0 && delayed === 0) return;
      if (Date.now() > deadline)
        throw new Error(`Queue not drained: ${wait} waiting, ${active} active, ${delayed} delayed`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const { FakeSlack } = await loadFakeSlack();
  const slack = await new FakeSlack().start();
  slack.seedUser({ id: REPORTER, name: 'bench', real_name: 'Bench Reporter' });

  const dbName = `response_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(ADMIN_URL);
  dbUrl.pathname = `/${dbName}`;
  const ownRedis = USE_REDIS && !process.env.BENCH_REDIS_URL ? await startRedis() : null;
  const REDIS_URL = USE_REDIS ? (process.env.BENCH_REDIS_URL ?? ownRedis!.url) : undefined;

  const env: Record<string, string> = {
    DATABASE_URL: dbUrl.toString(),
    ...(USE_REDIS ? { REDIS_URL } : {}),
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_API_URL: slack.url,
    INCIDENT_CHANNEL_ID: CHANNEL,
    SITE_URL: 'https://response.example.com',
    ADMIN_USERNAME: 'bench',
    ADMIN_PASSWORD: 'bench-password-1',
  };
  const server = await startServer(SPLIT ? { ...env, ROLE: 'api' } : env);
  const worker = SPLIT ? await startWorker(env) : null;
  const pid = server.child.pid!;
  try {
    // Warm up code paths and connection pools.
    await ack(server.url, '/slack/event', () => ({
      body: eventBody(),
      contentType: 'application/json',
    })).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2000));
    const idleRss = rssMb(pid);

    if (REDIS_DOWN) {
      ownRedis?.stop();
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
    const events = await ack(server.url, '/slack/event', () => ({
      body: eventBody(),
      contentType: 'application/json',
    }));
    const actions = await ack(server.url, '/slack/action', () => ({
      body: actionBody(),
      contentType: 'application/x-www-form-urlencoded',
    }));
    const loadRss = rssMb(pid);

    // Declare -> headline post, once the ack phase's jobs are done.
    const drainStarted = Date.now();
    if (!REDIS_DOWN) await drained(REDIS_URL);
    const drainSeconds = ((Date.now() - drainStarted) / 1000).toFixed(1);
    await new Promise((r) => setTimeout(r, 1000));
    const samples: number[] = [];
    let missing = 0;
    for (let i = 0; i < (REDIS_DOWN ? 0 : DECLARATIONS); i++) {
      const report = `Bench declaration ${i} ${randomBytes(3).toString('hex')}`;
      const body = declareBody(report);
      const res = await fetch(`${server.url}/slack/action`, {
        method: 'POST',
        headers: sign(body, 'application/x-www-form-urlencoded'),
        body,
      });
      const answered = Date.now();
      if (res.status !== 200)
        throw new Error(`view_submission answered ${res.status}: ${await res.text()}`);
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
      `| ${name.padEnd(34)} | ${String(r.latency.p50).padStart(6)} | ${String(r.latency.p99).padStart(6)} | ${String(r.latency.max).padStart(6)} | ${String(r.requests.total).padStart(6)} | ${String(r.non2xx + r.errors + r.timeouts).padStart(6)} |`;
    process.stdout.write(
      [
        '',
        `| measure                            |  p50 ms |  p99 ms |  max ms |  reqs  | errors |`,
        `|------------------------------------|--------:|--------:|--------:|-------:|-------:|`,
        row(`/slack/event ack @ ${RATE}/s`, events),
        row(`/slack/action ack @ ${RATE}/s`, actions),
        REDIS_DOWN
          ? ''
          : `| ${`declare -> headline (n=${samples.length})`.padEnd(34)} | ${String(percentile(sorted, 50) ?? '-').padStart(6)} | ${String(percentile(sorted, 99) ?? '-').padStart(6)} | ${String(sorted.at(-1) ?? '-').padStart(6)} | ${String(DECLARATIONS).padStart(6)} | ${String(missing).padStart(6)} |`,
        REDIS_DOWN ? '(declare -> headline skipped: Redis is stopped)' : '',
        `Server RSS: ${idleRss} MB idle, ${loadRss} MB after the ack load; the queue drained the ack load's jobs ${drainSeconds} s after it ended`,
        '',
      ].join('\n'),
    );
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    if (worker) {
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    }
    await slack.close();
    ownRedis?.stop();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
