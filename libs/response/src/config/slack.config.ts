import { z } from 'zod';
import { durationMs } from './duration.js';
import { ConfigError, optionalString, parseEnv, type Env } from './env.js';

const schema = z.object({
  // What is kept of incident channels, and for how long.
  KEEP_DELETED_MESSAGES: optionalString.pipe(z.enum(['true', 'false']).optional()),
  MESSAGE_RETENTION_DAYS: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, 'must be a whole number of days')
      .transform(Number)
      .pipe(z.number().int().min(1, 'must be at least 1 (leave unset to keep messages)'))
      .optional(),
  ),
  ARCHIVE_AFTER: optionalString.pipe(z.union([z.literal('off'), durationMs]).optional()),

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
  /** Keep the text of messages deleted in Slack (`KEEP_DELETED_MESSAGES`), for the record. */
  keepDeletedMessages: boolean;
  /** Purge stored messages of incidents closed longer ago than this many days; null: keep. */
  messageRetentionDays: number | null;
  /** Archive a closed incident's channel this long after closing (`ARCHIVE_AFTER`); null: never. */
  archiveAfterMs: number | null;
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
    keepDeletedMessages: v.KEEP_DELETED_MESSAGES === 'true',
    messageRetentionDays: v.MESSAGE_RETENTION_DAYS ?? null,
    archiveAfterMs: typeof v.ARCHIVE_AFTER === 'number' ? v.ARCHIVE_AFTER : null,
  };
}
