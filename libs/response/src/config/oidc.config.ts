import { ROLES, type Role } from '@response/contracts';
import { z } from 'zod';
import { ConfigError, optionalString, parseEnv, type Env } from './env.js';

/** Slack's OpenID Connect issuer, the default. */
export const SLACK_ISSUER = 'https://slack.com';

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(/[\s,]+/)
    .map((item) => item.trim().toLowerCase())
    .filter(Boolean);

const schema = z.object({
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_ISSUER: optionalString.pipe(
    z
      .url('must be the issuer URL, such as https://slack.com or https://accounts.google.com')
      .optional(),
  ),
  OIDC_NAME: optionalString.pipe(z.string().max(40, 'must be at most 40 characters').optional()),
  OIDC_DEFAULT_ROLE: optionalString.pipe(
    z.enum(ROLES as [Role, ...Role[]], { error: `must be one of ${ROLES.join(', ')}` }).optional(),
  ),
  OIDC_ADMINS: optionalString,
  OIDC_ALLOWED_DOMAINS: optionalString,
  SLACK_TEAM_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[TE][A-Z0-9]{2,20}$/, 'must be a Slack workspace id, such as T0123ABCD')
      .optional(),
  ),
  PASSWORD_LOGIN: optionalString.pipe(z.enum(['true', 'false']).optional()),
});

/** Sign-in with an OpenID Connect provider (Slack by default). */
export interface OidcProviderConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown as "Sign in with <name>". */
  name: string;
  /** Role of an account created by a first sign-in. */
  defaultRole: Role;
  /** Emails and subjects (lower-case) whose accounts are admins. */
  admins: string[];
  /** Email domains (lower-case) allowed in; empty: any. */
  allowedDomains: string[];
  /** With it, only this Slack workspace gets in, and Slack user ids link accounts. */
  slackTeamId: string | null;
}

export interface OidcConfig {
  /** Null when sign-in with a provider is off. */
  provider: OidcProviderConfig | null;
  /** False: only the ADMIN_USERNAME account may log in with a password (break-glass). */
  passwordLogin: boolean;
}

/** Whether an issuer URL is on this machine (plain http is then allowed, for tests and trials). */
export function isLoopbackUrl(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

export function oidcConfig(env: Env): OidcConfig {
  const v = parseEnv(schema, env);
  const problems: string[] = [];
  if ((v.OIDC_CLIENT_ID === undefined) !== (v.OIDC_CLIENT_SECRET === undefined)) {
    const missing = v.OIDC_CLIENT_ID === undefined ? 'OIDC_CLIENT_ID' : 'OIDC_CLIENT_SECRET';
    problems.push(`${missing}: OIDC_CLIENT_ID and OIDC_CLIENT_SECRET must be set together`);
  }
  const on = v.OIDC_CLIENT_ID !== undefined && v.OIDC_CLIENT_SECRET !== undefined;
  const issuer = (v.OIDC_ISSUER ?? SLACK_ISSUER).replace(/\/+$/, '');
  const issuerUrl = new URL(issuer);
  if (on && issuerUrl.protocol !== 'https:' && !isLoopbackUrl(issuerUrl))
    problems.push('OIDC_ISSUER: must be an https:// URL');
  if (on && issuer === SLACK_ISSUER && !v.SLACK_TEAM_ID)
    problems.push(
      'SLACK_TEAM_ID: is required to sign in with Slack, so that only your workspace gets in (T…, in Slack: workspace settings or a URL of your workspace)',
    );
  const passwordLogin = v.PASSWORD_LOGIN !== 'false';
  if (!passwordLogin && !on)
    problems.push(
      'PASSWORD_LOGIN: false needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or nobody but ADMIN_USERNAME could log in',
    );
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    passwordLogin,
    provider: on
      ? {
          issuer,
          clientId: v.OIDC_CLIENT_ID!,
          clientSecret: v.OIDC_CLIENT_SECRET!,
          name: v.OIDC_NAME ?? (issuer === SLACK_ISSUER ? 'Slack' : issuerUrl.hostname),
          defaultRole: v.OIDC_DEFAULT_ROLE ?? 'responder',
          admins: list(v.OIDC_ADMINS),
          allowedDomains: list(v.OIDC_ALLOWED_DOMAINS).map((domain) => domain.replace(/^@/, '')),
          slackTeamId: v.SLACK_TEAM_ID ?? null,
        }
      : null,
  };
}
