import { availableParallelism } from 'node:os';
import { appConfig, type AppConfig } from './app.config.js';
import { authConfig, type AuthConfig } from './auth.config.js';
import { databaseConfig, type DatabaseConfig } from './database.config.js';
import { oidcConfig, type OidcConfig } from './oidc.config.js';
import { ConfigError, type Env } from './env.js';
import { redisConfig, type RedisConfig } from './redis.config.js';
import { incidentRolesConfig, type IncidentRoleDefinition } from './roles.config.js';
import { slackConfig, type SlackConfig } from './slack.config.js';
import { webhooksConfig, type WebhooksConfig } from './webhooks.config.js';
import { updatesConfig, type UpdatesConfig } from './updates.config.js';

export interface Config {
  app: AppConfig;
  /** How many HTTP processes serve `PORT` (WEB_CONCURRENCY, or its default). */
  webConcurrency: number;
  database: DatabaseConfig;
  redis: RedisConfig;
  slack: SlackConfig;
  auth: AuthConfig;
  /** Roles of an incident besides its lead (`INCIDENT_ROLES`), in the order they are shown. */
  incidentRoles: IncidentRoleDefinition[];
  webhooks: WebhooksConfig;
  oidc: OidcConfig;
  /** Status updates: their cadence and the stakeholders' channel. */
  updates: UpdatesConfig;
}

/** Injection token of the validated configuration. */
export const CONFIG = Symbol('CONFIG');

/** Validates every concern and reports all problems at once. */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const attempt = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
      return undefined;
    }
  };
  const app = attempt(() => appConfig(env));
  const database = attempt(() => databaseConfig(env));
  const redis = attempt(() => redisConfig(env));
  const slack = attempt(() => slackConfig(env));
  const auth = attempt(() => authConfig(env, app?.siteUrl ?? ''));
  const incidentRoles = attempt(() => incidentRolesConfig(env));
  const webhooks = attempt(() => webhooksConfig(env));
  const oidc = attempt(() => oidcConfig(env));
  const updates = attempt(() => updatesConfig(env));
  if (app && redis && app.role !== 'all' && !redis.url) {
    problems.push(
      `ROLE: ${app.role} needs REDIS_URL, so that API and worker processes share one queue (without Redis, use ROLE=all)`,
    );
  }
  const explicit = app?.webConcurrency ?? null;
  if (explicit !== null && explicit > 1 && !app?.clusterWorker) {
    if (database?.kind === 'embedded')
      problems.push(
        'WEB_CONCURRENCY: the embedded database is held by one process; set DATABASE_URL to run several HTTP processes',
      );
    else if (redis && !redis.url)
      problems.push(
        'WEB_CONCURRENCY: several HTTP processes need REDIS_URL, so that they share one queue',
      );
  }
  if (
    problems.length > 0 ||
    !app ||
    !database ||
    !redis ||
    !slack ||
    !auth ||
    !incidentRoles ||
    !webhooks ||
    !oidc ||
    !updates
  ) {
    throw new ConfigError(problems);
  }
  // Default: every CPU when Postgres and Redis let processes share the work, else one process.
  const shareable = database.kind === 'postgres' && Boolean(redis.url);
  const webConcurrency = app.http ? (explicit ?? (shareable ? availableParallelism() : 1)) : 1;
  return {
    app,
    webConcurrency,
    database,
    redis,
    slack,
    auth,
    incidentRoles,
    webhooks,
    oidc,
    updates,
  };
}
