import { z } from 'zod';
import { optionalString, parseEnv, type Env } from './env.js';

const schema = z.object({
  PORT: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a port number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(65535, 'must be a port number'))
      .optional(),
  ),
  SITE_URL: optionalString.pipe(
    z.url('must be an absolute URL such as https://response.example.com').optional(),
  ),
  ROLE: optionalString.pipe(z.enum(['all', 'api', 'worker']).optional()),
  LOG_LEVEL: optionalString.pipe(
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  ),
  LOG_FORMAT: optionalString.pipe(z.enum(['json', 'pretty']).optional()),
  DATA_DIR: optionalString,
  TZ: optionalString.pipe(
    z
      .string()
      .refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Paris')
      .optional(),
  ),
  CLIENT_DIST: optionalString,
  WEB_CONCURRENCY: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,3}$/, 'must be a whole number of HTTP processes')
      .transform(Number)
      .pipe(z.number().int().min(1, 'must be at least 1').max(64, 'must be at most 64'))
      .optional(),
  ),
  // Set by the primary process for the HTTP processes it forks; not a setting.
  RESPONSE_CLUSTER_WORKER: optionalString,
});

/** Whether the name is a time zone Intl knows (Postgres knows the same IANA names). */
function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export type ProcessRole = 'all' | 'api' | 'worker';

export interface AppConfig {
  port: number;
  siteUrl: string;
  role: ProcessRole;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty`: one readable line per entry; `json`: JSON lines. Unset: pretty on a terminal. */
  logFormat: 'json' | 'pretty' | undefined;
  dataDir: string;
  timeZone: string;
  /** Folder with the built SPA; served at `/` when it exists. */
  clientDist: string | undefined;
  /** Whether this process serves HTTP. */
  http: boolean;
  /** Whether this process runs queue workers and schedules. */
  worker: boolean;
  /** `WEB_CONCURRENCY` as set; null: the default (see loadConfig). */
  webConcurrency: number | null;
  /** One of the HTTP processes a primary process forked (see cluster.ts). */
  clusterWorker: boolean;
}

export function appConfig(env: Env): AppConfig {
  const v = parseEnv(schema, env);
  const port = v.PORT ?? 8000;
  const clusterWorker = v.RESPONSE_CLUSTER_WORKER === '1';
  // A forked HTTP process serves HTTP only; the primary keeps the queue work.
  const role = clusterWorker ? 'api' : (v.ROLE ?? 'all');
  return {
    port,
    siteUrl: (v.SITE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    role,
    logLevel: v.LOG_LEVEL ?? 'info',
    logFormat: v.LOG_FORMAT,
    dataDir: v.DATA_DIR ?? './.data',
    timeZone: v.TZ ?? 'UTC',
    clientDist: v.CLIENT_DIST,
    http: role !== 'worker',
    worker: role !== 'api',
    webConcurrency: clusterWorker ? 1 : (v.WEB_CONCURRENCY ?? null),
    clusterWorker,
  };
}
