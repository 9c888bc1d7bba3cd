import { isIP } from 'node:net';
import { z } from 'zod';
import { optionalString, parseEnv, type Env } from './env.js';

/** A host an image may load from: `images.example.com`, `*.example.com`, `localhost:8080`. */
const IMAGE_HOST =
  /^(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::\d{1,5})?$/;

/** `IMAGE_HOSTS`: host names separated by commas, lower-cased, without repeats. */
const imageHosts = z
  .string()
  .transform((value) => [
    ...new Set(
      value
        .split(',')
        .map((host) => host.trim().toLowerCase())
        .filter(Boolean),
    ),
  ])
  .refine(
    (hosts) => hosts.every((host) => IMAGE_HOST.test(host)),
    'must be host names separated by commas, such as images.example.com,*.cdn.example.com (no scheme, no path)',
  );
const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const TRUST_PROXY_RULE =
  'must be a hop count (e.g. 1) or a comma-separated list of proxy addresses or CIDRs ' +
  '(e.g. 10.0.0.5, 10.1.0.0/16), which may include loopback, linklocal or uniquelocal';

/** One entry of TRUST_PROXY: an IP address, a CIDR block, or one of Express's named ranges. */
function isProxyEntry(entry: string): boolean {
  if (PROXY_NAMES.includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

/** TRUST_PROXY: a hop count, or the proxies' addresses and ranges. */
const trustProxy = optionalString.pipe(
  z
    .string()
    .transform((value, ctx): number | string[] => {
      if (/^\d{1,2}$/.test(value)) return Number(value);
      const entries = value.split(',').map((entry) => entry.trim());
      if (entries.length === 0 || !entries.every(isProxyEntry)) {
        ctx.addIssue({ code: 'custom', message: TRUST_PROXY_RULE });
        return z.NEVER;
      }
      return entries;
    })
    .optional(),
);

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
  IMAGE_HOSTS: optionalString.pipe(imageHosts.optional()),
  TRUST_PROXY: trustProxy,
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
  /** Whether SITE_URL was given; unset, the local default also answers on 127.0.0.1 and ::1. */
  siteUrlExplicit: boolean;
  role: ProcessRole;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `pretty`: one readable line per entry; `json`: JSON lines. Unset: pretty on a terminal. */
  logFormat: 'json' | 'pretty' | undefined;
  dataDir: string;
  timeZone: string;
  /** Folder with the built SPA; served at `/` when it exists. */
  clientDist: string | undefined;
  /**
   * Hosts that images in markdown may load from (`IMAGE_HOSTS`). Any other
   * remote image shows as a link naming its host and is never fetched.
   */
  imageHosts: string[];
  /**
   * Which proxies may say who the client is (X-Forwarded-For): none (false, the
   * socket's address counts), a number of hops, or their addresses and ranges.
   */
  trustProxy: false | number | string[];
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
    siteUrlExplicit: v.SITE_URL !== undefined,
    role,
    logLevel: v.LOG_LEVEL ?? 'info',
    logFormat: v.LOG_FORMAT,
    dataDir: v.DATA_DIR ?? './.data',
    timeZone: v.TZ ?? 'UTC',
    clientDist: v.CLIENT_DIST,
    imageHosts: v.IMAGE_HOSTS ?? [],
    trustProxy: v.TRUST_PROXY === undefined || v.TRUST_PROXY === 0 ? false : v.TRUST_PROXY,
    http: role !== 'worker',
    worker: role !== 'api',
    webConcurrency: clusterWorker ? 1 : (v.WEB_CONCURRENCY ?? null),
    clusterWorker,
  };
}
