import { z } from 'zod';
import { optionalString, parseEnv, type Env } from './env.js';

const schema = z.object({
  WEBHOOK_ALLOW_PRIVATE: optionalString.pipe(z.enum(['true', 'false']).optional()),
});

export interface WebhooksConfig {
  /**
   * Whether endpoint URLs may resolve to loopback, private or link-local
   * addresses (off by default: a webhook must not reach inside the network).
   */
  allowPrivate: boolean;
}

export function webhooksConfig(env: Env): WebhooksConfig {
  return { allowPrivate: parseEnv(schema, env).WEBHOOK_ALLOW_PRIVATE === 'true' };
}
