import { z } from 'zod';
import { optionalString, parseEnv, type Env } from './env.js';

const schema = z.object({
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL (leave unset to run jobs in-process)')
      .optional(),
  ),
});

export interface RedisConfig {
  /** Unset: jobs run in-process in this single process. */
  url: string | undefined;
}

export function redisConfig(env: Env): RedisConfig {
  return { url: parseEnv(schema, env).REDIS_URL };
}
