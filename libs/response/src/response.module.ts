import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ActionsModule } from './actions/actions.module.js';
import { AuthModule } from './auth/auth.module.js';
import { OidcModule } from './auth/oidc/oidc.module.js';
import { CommsModule } from './comms/comms.module.js';
import { ClusterShutdown } from './cluster.js';
import { AllExceptionsFilter } from './common/http-exception.filter.js';
import { RejectUnstorableInputPipe } from './common/reject-nul.pipe.js';
import { CONFIG, loadConfig, type Config } from './config/config.js';
import type { Env } from './config/env.js';
import { DatabaseModule } from './database/database.module.js';
import { ChangeLogModule } from './changelog/changelog.module.js';
import { HealthModule } from './health/health.module.js';
import { QueueDashboardModule } from './queue/dashboard/queue-dashboard.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { InsightsModule } from './insights/insights.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { QueueModule } from './queue/queue.module.js';
import { LiveModule } from './live/live.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SlackModule } from './slack/slack.module.js';
import { SpaModule } from './spa/spa.module.js';
import { TimelineModule } from './timeline/timeline.module.js';
import { UpdatesModule } from './updates/updates.module.js';
import { UsersModule } from './users/users.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

/** A setting by its environment variable name, e.g. `SLACK_BOT_TOKEN` or `PORT`. */
export type ResponseSetting = string | number | boolean | undefined;

/** Options of `ResponseModule.forRoot()`. */
export interface ResponseModuleOptions {
  /**
   * Settings that win over the environment, by variable name (the README lists
   * them): `{ INCIDENT_CHANNEL_ID: 'C0123ABCD', STATUS_PAGE: … }`. They are
   * validated like the environment, and a bad value stops startup naming it.
   */
  settings?: Record<string, ResponseSetting>;
  /** Where the other settings are read from (default: `process.env`). */
  env?: Env;
}

const RESPONSE_OPTIONS = Symbol('RESPONSE_OPTIONS');
const configs = new WeakMap<ResponseModuleOptions, Config>();

/**
 * The validated configuration of these options: the environment with the
 * settings over it. Computed once per options object, so the app factory and
 * the module share one Config.
 */
export function responseConfig(options: ResponseModuleOptions = {}): Config {
  let config = configs.get(options);
  if (!config) {
    const env: Env = { ...(options.env ?? process.env) };
    for (const [name, value] of Object.entries(options.settings ?? {}))
      env[name] = value === undefined ? undefined : String(value);
    config = loadConfig(env);
    configs.set(options, config);
  }
  return config;
}

/**
 * Whether jobs go to Redis: decided when the module is defined (the queue
 * module's providers depend on it), from the same settings the configuration
 * is validated from at startup.
 */
function usesRedis(options: ResponseModuleOptions): boolean {
  const value = Object.hasOwn(options.settings ?? {}, 'REDIS_URL')
    ? options.settings!.REDIS_URL
    : (options.env ?? process.env).REDIS_URL;
  return value !== undefined && String(value).trim() !== '';
}

/** The options a root module passed to `ResponseModule.forRoot()`, if it imports it directly. */
export function responseOptionsOf(module: unknown): ResponseModuleOptions | undefined {
  const dynamic = (candidate: unknown): ResponseModuleOptions | undefined => {
    if (!candidate || typeof candidate !== 'object') return undefined;
    const m = candidate as DynamicModule;
    if (m.module !== ResponseModule) return undefined;
    const provider = (m.providers ?? []).find(
      (p) => typeof p === 'object' && 'provide' in p && p.provide === RESPONSE_OPTIONS,
    ) as { useValue: ResponseModuleOptions } | undefined;
    return provider?.useValue;
  };
  const direct = dynamic(module);
  if (direct) return direct;
  const target = (module as DynamicModule)?.module ?? module;
  const imports = [
    ...(((module as DynamicModule)?.imports as unknown[]) ?? []),
    ...((Reflect.getMetadata?.('imports', target as object) as unknown[]) ?? []),
  ];
  for (const imported of imports) {
    const found = dynamic(imported);
    if (found) return found;
  }
  return undefined;
}

/**
 * Everything Response does: `/core` (webhooks included), `/slack/*`, `/healthz`, `/metrics`,
 * `/admin/queues` and the web app at `/`. Import it once, in the root module
 * of your Nest app; build the app with `createResponseApp()`.
 */
@Global()
@Module({})
export class ResponseModule {
  static forRoot(options: ResponseModuleOptions = {}): DynamicModule {
    return {
      module: ResponseModule,
      imports: [
        EventEmitterModule.forRoot(),
        DatabaseModule,
        QueueModule.register({ redis: usesRedis(options) }),
        OutboxModule,
        MetricsModule,
        UsersModule,
        IncidentsModule,
        ActionsModule,
        TimelineModule,
        UpdatesModule,
        ChangeLogModule,
        AuthModule,
        OidcModule,
        SlackModule,
        CommsModule,
        QueueDashboardModule,
        HealthModule,
        ReportsModule,
        LiveModule,
        WebhooksModule,
        InsightsModule,
        // Last: its catch-all route serves the web app for every other GET.
        SpaModule,
      ],
      providers: [
        { provide: RESPONSE_OPTIONS, useValue: options },
        { provide: CONFIG, useFactory: () => responseConfig(options) },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useClass: RejectUnstorableInputPipe },
        ClusterShutdown,
      ],
      exports: [CONFIG, IncidentsModule, ActionsModule, TimelineModule, SlackModule],
    };
  }
}
