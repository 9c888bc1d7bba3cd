import { PASSWORD_MIN_LENGTH, USERNAME_PATTERN, USERNAME_RULE } from '@response/contracts';
import { z } from 'zod';
import { ConfigError, optionalString, parseEnv, type Env } from './env.js';

const schema = z.object({
  ADMIN_USERNAME: optionalString.pipe(
    z.string().regex(USERNAME_PATTERN, `must be ${USERNAME_RULE}`).optional(),
  ),
  ADMIN_PASSWORD: optionalString.pipe(
    z
      .string()
      .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
      .optional(),
  ),
  METRICS_TOKEN: optionalString.pipe(
    z.string().min(16, 'must be at least 16 characters').optional(),
  ),
  SECURE_COOKIES: optionalString.pipe(z.enum(['true', 'false']).optional()),
});

export interface AuthConfig {
  admin: { username: string; password: string } | undefined;
  metricsToken: string | undefined;
  secureCookies: boolean;
}

export function authConfig(env: Env, siteUrl: string): AuthConfig {
  const v = parseEnv(schema, env);
  if ((v.ADMIN_USERNAME === undefined) !== (v.ADMIN_PASSWORD === undefined)) {
    const missing = v.ADMIN_USERNAME === undefined ? 'ADMIN_USERNAME' : 'ADMIN_PASSWORD';
    throw new ConfigError([`${missing}: ADMIN_USERNAME and ADMIN_PASSWORD must be set together`]);
  }
  return {
    admin: v.ADMIN_USERNAME
      ? { username: v.ADMIN_USERNAME, password: v.ADMIN_PASSWORD! }
      : undefined,
    metricsToken: v.METRICS_TOKEN,
    secureCookies: v.SECURE_COOKIES ? v.SECURE_COOKIES === 'true' : siteUrl.startsWith('https://'),
  };
}
