import { z } from 'zod';
import { optionalString, parseEnv, type Env } from './env.js';

const schema = z.object({
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\//,
        'must be a postgres:// URL (leave unset for the embedded database)',
      )
      .optional(),
  ),
  DATA_DIR: optionalString,
});

export type DatabaseConfig =
  { kind: 'postgres'; url: string } | { kind: 'embedded'; dataDir: string };

export function databaseConfig(env: Env): DatabaseConfig {
  const v = parseEnv(schema, env);
  if (v.DATABASE_URL) return { kind: 'postgres', url: v.DATABASE_URL };
  return { kind: 'embedded', dataDir: v.DATA_DIR ?? './.data' };
}
