import 'reflect-metadata';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SESSION_COOKIE } from '@response/contracts';
import cookieParser from 'cookie-parser';
import type { Request } from 'express';
import type { IncomingMessage } from 'node:http';
import { AppModule } from './app.module.js';
import { JsonLogger } from './common/logger.js';
import { requestLogger } from './common/request-logger.js';
import { securityHeaders } from './common/security-headers.js';
import type { Config } from './config/config.js';
import { isSlackRequest } from './slack/slack-body.js';

/** Largest request body accepted (Slack payloads and `/core` JSON alike): 1 MB. */
export const BODY_LIMIT = '1mb';

/** Whether a request's Content-Type is one of `types` (express's `req.is`). */
function isType(req: IncomingMessage, types: string[]): boolean {
  return Boolean((req as Request).is(types));
}

/** Builds the HTTP application exactly as production runs it; e2e tests use this too. */
export async function createApp(
  config: Config,
  logger = new JsonLogger(config.app.logLevel),
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    bodyParser: false,
    rawBody: true,
    abortOnError: false,
  });
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

/** A process with queue workers and schedules only (`ROLE=worker`). */
export async function createWorker(
  config: Config,
  logger = new JsonLogger(config.app.logLevel),
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger,
    abortOnError: false,
  });
  app.enableShutdownHooks();
  return app;
}
