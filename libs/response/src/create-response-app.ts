import 'reflect-metadata';
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from '@response/contracts';
import cookieParser from 'cookie-parser';
import type { Request } from 'express';
import type { IncomingMessage } from 'node:http';
import { asClusterPrimary, forkHttpProcesses, isClusterPrimary } from './cluster.js';
import { JsonLogger } from './common/logger.js';
import { requestLogger } from './common/request-logger.js';
import { securityHeaders } from './common/security-headers.js';
import { CONFIG, type Config } from './config/config.js';
import { ConfigError } from './config/env.js';
import { responseConfig, responseOptionsOf } from './response.module.js';
import { isSlackRequest } from './slack/slack-body.js';

/** Largest request body accepted (Slack payloads and `/core` JSON alike): 1 MB. */
export const BODY_LIMIT = '1mb';

export interface CreateResponseAppOptions {
  /** The logger (default: JSON lines at `LOG_LEVEL`). */
  logger?: JsonLogger;
  /**
   * On a configuration or startup error, print it without a stack trace and
   * exit with status 1 (default true, as Nest's own `abortOnError`). With
   * false the error is thrown to the caller.
   */
  exitOnError?: boolean;
}

/** Whether a request's Content-Type is one of `types` (express's `req.is`). */
function isType(req: IncomingMessage, types: string[]): boolean {
  return Boolean((req as Request).is(types));
}

/**
 * Builds the Nest application of a root module that imports
 * `ResponseModule.forRoot()`, with everything Response needs around it: raw
 * bodies for Slack's signatures, body limits, security headers, cookies,
 * request logs, the OpenAPI document and shutdown hooks. Ready for `listen()`;
 * `startResponseApp()` listens on `PORT` and prints where to go.
 */
export async function createResponseApp(
  rootModule: Type<unknown> | DynamicModule,
  options: CreateResponseAppOptions = {},
): Promise<NestExpressApplication> {
  const fail = (error: unknown): never => {
    if (options.exitOnError === false) throw error;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      error instanceof ConfigError ? `${message}\n` : `Response failed to start: ${message}\n`,
    );
    process.exit(1);
  };
  let config: Config;
  try {
    config = responseConfig(responseOptionsOf(rootModule));
  } catch (error) {
    return fail(error);
  }
  // WEB_CONCURRENCY > 1: this process supervises the HTTP processes it forks once started.
  if (isClusterPrimary(config)) {
    clusterPrimaryOf.add(config);
    asClusterPrimary(config);
  }
  const logger =
    options.logger ??
    new JsonLogger(
      config.app.logLevel,
      config.app.logFormat ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    );
  let app: NestExpressApplication;
  try {
    // Settings the router reads when it is made, before Nest adds any route.
    const server = express();
    // `/SLACK/event` is not `/slack/event`: a path in other letters is a 404, like any unknown path.
    server.set('case sensitive routing', true);
    app = await NestFactory.create<NestExpressApplication>(rootModule, new ExpressAdapter(server), {
      logger,
      bodyParser: false,
      rawBody: true,
      abortOnError: false,
    });
  } catch (error) {
    return fail(error);
  }
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.set('x-powered-by', false);
  app.use(requestLogger(logger.pino));
  app.use(securityHeaders());
  // Slack's URLs keep the raw bytes: the signature is checked before the body is parsed.
  app.useBodyParser('raw', { limit: BODY_LIMIT, type: (req) => isSlackRequest(req) });
  app.useBodyParser('json', {
    limit: BODY_LIMIT,
    type: (req) => !isSlackRequest(req) && isType(req, ['application/json', 'application/*+json']),
  });
  app.useBodyParser('urlencoded', {
    limit: BODY_LIMIT,
    extended: true,
    type: (req) => !isSlackRequest(req) && isType(req, ['application/x-www-form-urlencoded']),
  });
  app.use(cookieParser());
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}

/**
 * Starts a built app: with `ROLE=all` or `api` it listens on `PORT` and prints
 * the URL; with `ROLE=worker` it serves no HTTP and runs queue workers and
 * schedules only.
 */
export async function startResponseApp(app: INestApplication): Promise<void> {
  const config = app.get<Config>(CONFIG);
  try {
    if (clusterPrimaryOf.has(config)) {
      // Migrations and schedules first, in this process; then the HTTP processes.
      await app.init();
      await forkHttpProcesses(config.webConcurrency);
    } else if (!config.app.http) {
      await app.init();
      process.stdout.write('Response worker started (ROLE=worker)\n');
      return;
    } else {
      await app.listen(config.app.port);
      // The primary prints the summary once for all its HTTP processes.
      if (config.app.clusterWorker) return;
    }
  } catch (error) {
    process.stderr.write(
      `Response failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
  process.stdout.write(`\n${startupSummary(config).join('\n')}\n\n`);
}

/** Configs of processes that fork HTTP processes (they serve no HTTP themselves). */
const clusterPrimaryOf = new WeakSet<Config>();

/** What a person starting the server wants to know, one fact per line, what to do next last. */
export function startupSummary(config: Config): string[] {
  const database =
    config.database.kind === 'postgres'
      ? `Postgres at ${redactedUrl(config.database.url)}`
      : `embedded, under ${config.database.dataDir} (one process only)`;
  const jobs = config.redis.url
    ? `Redis at ${redactedUrl(config.redis.url)}`
    : 'in this process (set REDIS_URL for several processes)';
  const slack = config.slack.enabled
    ? `on, incidents in ${config.slack.incidentChannelId} (check it with npm run slack:check)`
    : 'off (see "Connect Slack in 10 minutes" in the README)';
  const next = config.auth.admin
    ? `Open ${config.app.siteUrl} and log in as "${config.auth.admin.username}" with ADMIN_PASSWORD.`
    : `Open ${config.app.siteUrl} and log in.`;
  const web =
    config.webConcurrency > 1
      ? `${config.webConcurrency} processes on port ${config.app.port} (WEB_CONCURRENCY)`
      : `one process on port ${config.app.port}`;
  return [
    `Response is running at ${config.app.siteUrl}`,
    `HTTP: ${web}`,
    `Database: ${database}`,
    `Jobs: ${jobs}`,
    `Slack: ${slack}`,
    next,
  ];
}

/** A connection URL without its password, for logs. */
function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an unreadable URL';
  }
}

/**
 * OpenAPI: Swagger UI at `/core/docs` and the document at `/core/docs-json`,
 * served from the installed swagger-ui-dist (nothing is fetched from the internet).
 * Both are public so that anyone can read the API; calling it needs an account.
 */
function setupOpenApi(app: INestApplication): void {
  const document = new DocumentBuilder()
    .setTitle('Response API')
    .setDescription(
      'Incidents, actions, timelines, users and the change log, wire-compatible with Response. ' +
        'Authenticate with HTTP Basic, or log in with POST /core/auth/login and send the ' +
        'X-CSRF-Token header from /core/auth/me on unsafe requests.',
    )
    .setVersion('1')
    .addBasicAuth(undefined, 'basic')
    .addCookieAuth(SESSION_COOKIE, undefined, 'session')
    .addSecurityRequirements('basic')
    .addSecurityRequirements('session')
    .build();
  // The REST API and health; Slack's webhooks and the metrics scrape are not for API clients.
  const build = () => {
    const doc = SwaggerModule.createDocument(app, document);
    doc.paths = Object.fromEntries(
      Object.entries(doc.paths).filter(
        ([path]) => path.startsWith('/core/') || path === '/healthz',
      ),
    );
    return doc;
  };
  SwaggerModule.setup('core/docs', app, build, {
    jsonDocumentUrl: 'core/docs-json',
    customSiteTitle: 'Response API',
    raw: ['json'],
    // No badge that would send the document to an online validator.
    swaggerOptions: { validatorUrl: null },
  });
}
