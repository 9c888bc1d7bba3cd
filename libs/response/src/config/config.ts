import { appConfig, type AppConfig } from './app.config.js';
import { authConfig, type AuthConfig } from './auth.config.js';
import { databaseConfig, type DatabaseConfig } from './database.config.js';
import { oidcConfig, type OidcConfig } from './oidc.config.js';
import { ConfigError, type Env } from './env.js';
import { redisConfig, type RedisConfig } from './redis.config.js';
import { slackConfig, type SlackConfig } from './slack.config.js';
import { webhooksConfig, type WebhooksConfig } from './webhooks.config.js';

export interface Config {
  app: AppConfig;
  database: DatabaseConfig;
  redis: RedisConfig;
  slack: SlackConfig;
  auth: AuthConfig;
  webhooks: WebhooksConfig;
  oidc: OidcConfig;
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
  const webhooks = attempt(() => webhooksConfig(env));
  const oidc = attempt(() => oidcConfig(env));
  if (app && redis && app.role !== 'all' && !redis.url) {
    problems.push(
      `ROLE: ${app.role} needs REDIS_URL, so that API and worker processes share one queue (without Redis, use ROLE=all)`,
    );
  }
  if (problems.length > 0 || !app || !database || !redis || !slack || !auth || !webhooks || !oidc)
    throw new ConfigError(problems);
  return { app, database, redis, slack, auth, webhooks, oidc };
}
