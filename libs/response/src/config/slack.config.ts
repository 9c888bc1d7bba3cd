import { z } from 'zod';
import { ConfigError, optionalString, parseEnv, type Env } from './env.js';

const schema = z.object({
  SLACK_BOT_TOKEN: optionalString.pipe(
    z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional(),
  ),
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_API_URL: optionalString.pipe(z.url('must be an absolute URL').optional()),
  INCIDENT_CHANNEL_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id such as C0123ABCD')
      .optional(),
  ),
  INCIDENT_REPORT_CHANNEL_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[CG][A-Z0-9]+$/, 'must be a Slack channel id such as C0123ABCD')
      .optional(),
  ),
  INCIDENT_CHANNEL_PREFIX: optionalString.pipe(
    z
      .string()
      .regex(/^[a-z0-9_-]{1,20}$/, 'must be lower-case letters, digits, - or _')
      .optional(),
  ),
});

export interface SlackConfig {
  enabled: boolean;
  botToken: string;
  signingSecret: string;
  apiUrl: string;
  incidentChannelId: string;
  reportChannelId: string | undefined;
  channelPrefix: string;
}

const REQUIRED = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'INCIDENT_CHANNEL_ID'] as const;

/** Slack is either fully configured or off: a partial configuration stops startup. */
export function slackConfig(env: Env): SlackConfig {
  const v = parseEnv(schema, env);
  const set = REQUIRED.filter((name) => v[name] !== undefined);
  if (set.length > 0 && set.length < REQUIRED.length) {
    const missing = REQUIRED.filter((name) => v[name] === undefined);
    throw new ConfigError(
      missing.map(
        (name) =>
          `${name}: is required when ${set.join(', ')} ${set.length > 1 ? 'are' : 'is'} set`,
      ),
    );
  }
  let apiUrl = v.SLACK_API_URL ?? 'https://slack.com/api/';
  if (!apiUrl.endsWith('/')) apiUrl += '/';
  return {
    enabled: set.length === REQUIRED.length,
    botToken: v.SLACK_BOT_TOKEN ?? '',
    signingSecret: v.SLACK_SIGNING_SECRET ?? '',
    apiUrl,
    incidentChannelId: v.INCIDENT_CHANNEL_ID ?? '',
    reportChannelId: v.INCIDENT_REPORT_CHANNEL_ID,
    channelPrefix: v.INCIDENT_CHANNEL_PREFIX ?? 'inc',
  };
}
