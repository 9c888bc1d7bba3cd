/**
 * What the benchmarks share: statistics, signed load with autocannon, waiting
 * for the job queue, and logging Chromium in. Servers, the fake Slack, signed
 * payloads and Chromium itself come from the test support code (test/).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import { ADMIN } from '../test/support/admin.js';
import { TEST_SIGNING_SECRET, signedHeaders, type SlackBody } from '../test/support/slack.js';

/** The p-th percentile of ascending samples (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

export interface Summary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** p50, p95, p99 and max of samples in milliseconds, to 0.01 ms. */
export function summary(samples: number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1]),
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Resident memory of a process in MB (Linux `/proc`). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** How long `work` takes, in milliseconds. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export interface AutocannonResult {
  latency: { p50: number; p99: number; max: number; average: number };
  requests: { average: number; total: number };
  '2xx': number;
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

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface LoadOptions {
  rate: number;
  durationSeconds: number;
  connections: number;
  /** Called with each body the server answered with a 2xx. */
  onAcked?: (body: SlackBody) => void;
}

/**
 * POSTs a new body from `build` to `url + path`, signed as Slack signs it, at
 * `rate` requests/s for `durationSeconds`, and answers autocannon's figures.
 * Autocannon's own pipelining is left at one request per connection.
 */
export function signedLoad(
  url: string,
  path: string,
  build: () => SlackBody,
  options: LoadOptions,
): Promise<AutocannonResult> {
  return autocannon({
    url: `${url}${path}`,
    connections: options.connections,
    overallRate: options.rate,
    duration: options.durationSeconds,
    requests: [
      {
        method: 'POST',
        // Each connection has one request in flight: its context pairs an answer with its body.
        setupRequest: (req: AutocannonRequest, context: { body?: SlackBody }) => {
          const body = build();
          context.body = body;
          return {
            ...req,
            method: 'POST',
            path,
            body: body.raw,
            headers: signedHeaders(TEST_SIGNING_SECRET, body),
          };
        },
        onResponse: (status: number, _body: string, context: { body?: SlackBody }) => {
          if (status >= 200 && status < 300 && context.body) options.onAcked?.(context.body);
        },
      },
    ],
  });
}

/** Failed requests of a load: non-2xx answers, connection errors and timeouts. */
export const failures = (r: AutocannonResult) => r.non2xx + r.errors + r.timeouts;

/**
 * Waits until the slack queue has nothing waiting, delayed or running (Bull's
 * keys). Without Redis (the in-process queue) it can only give it 5 s.
 */
export async function queueDrained(
  redisUrl: string | undefined,
  timeoutMs = 120_000,
): Promise<void> {
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

/** Logs the admin account in through the login page, and waits for the incident list. */
export async function logIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Incidents' }).waitFor();
}

/** Thousands separators, as the figures are printed. */
export const thousands = (n: number) => n.toLocaleString('en');

/** What people write in an incident channel, in fifteen languages. */
export const INCIDENT_WORDS = [
  ...'the database is slow again checkout failing for some users rollback started latency spike on payments-api error rate back to normal looking into it now paged on-call dashboard graph attached thanks customer impact confirmed'.split(
    ' ',
  ),
  ...'Datenbank langsam Fehler Zahlung Kunden Störung behoben überprüfe Bereitstellung'.split(' '),
  ...'base données erreur paiement clients panne résolue vérifie déploiement échec'.split(' '),
  ...'pagos fallando usuarios reversión latencia alerta servidor caído solución'.split(' '),
  ...'falha pagamento instável correção investigando'.split(' '),
  ...'база данных ошибка платежи откат задержка сервер исправлено клиенты проверяю'.split(' '),
  ...'σφάλμα πληρωμές καθυστέρηση διακομιστής επαναφορά'.split(' '),
  ...'障害 決済 データベース 遅延 復旧 確認中 ロールバック エラー率 顧客影響'.split(' '),
  ...'故障 支付 数据库 延迟 恢复 回滚 错误 服务器 排查中'.split(' '),
  ...'장애 결제 데이터베이스 지연 복구 롤백 오류 서버'.split(' '),
  ...'خطأ الدفع قاعدة البيانات تأخير استعادة'.split(' '),
  ...'שגיאה תשלום שרת שחזור'.split(' '),
  ...'त्रुटि भुगतान सर्वर विलंब'.split(' '),
  ...'hata ödeme sunucu gecikme geri alındı'.split(' '),
  ...'<@U000007> <@U000012> :fire: :rotating_light: 🔥 ✅ 👀 <https://grafana.example.com/d/payments|dashboard> p99 5xx OOM k8s pod restart'.split(
    ' ',
  ),
];
