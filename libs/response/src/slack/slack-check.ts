import type { SlackConfig } from '../config/slack.config.js';
import { botScopes } from './manifest.js';

/** One line of the connection checklist. */
export interface SlackCheckResult {
  check: string;
  ok: boolean;
  /** What was found. */
  detail: string;
  /** What to do when it failed. */
  fix?: string;
}

/** A Web API call as the check makes it: Slack's answer, `{ok: false, error}` included. */
export type SlackCaller = (
  method: string,
  args: Record<string, unknown>,
) => Promise<Record<string, unknown> & { ok?: boolean; error?: string }>;

/**
 * Whether the Slack connection works, one check per line, each with the fix
 * when it fails: the signing secret, the token (`auth.test`), the granted
 * scopes against the ones the app needs (Slack returns them with every answer,
 * from the `x-oauth-scopes` header), and the incidents and report channels
 * (they exist, are not archived, and the app is in them).
 */
export async function checkSlack(
  config: SlackConfig,
  call: SlackCaller,
): Promise<SlackCheckResult[]> {
  if (!config.enabled)
    return [
      {
        check: 'Slack is configured',
        ok: false,
        detail: 'SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET and INCIDENT_CHANNEL_ID are not all set',
        fix: 'Set all three (the README section "Connect Slack in 10 minutes" shows where they come from), then restart.',
      },
    ];
  const results: SlackCheckResult[] = [
    {
      check: 'Signing secret',
      ok: config.signingSecret.length >= 16,
      detail: config.signingSecret.length >= 16 ? 'set' : 'too short to be a Slack signing secret',
      fix: 'Copy "Signing Secret" from Basic Information in the app settings into SLACK_SIGNING_SECRET.',
    },
  ];
  let auth: Awaited<ReturnType<SlackCaller>>;
  try {
    auth = await call('auth.test', {});
  } catch (error) {
    results.push({
      check: 'Bot token',
      ok: false,
      detail: `Slack could not be reached: ${(error as Error).message}`,
      fix: 'Check the network (and SLACK_API_URL if you set it).',
    });
    return results;
  }
  if (!auth.ok) {
    results.push({
      check: 'Bot token',
      ok: false,
      detail: `auth.test answered ${auth.error ?? 'an error'}`,
      fix: 'Copy "Bot User OAuth Token" (xoxb-…) from OAuth & Permissions into SLACK_BOT_TOKEN; reinstall the app if it was revoked.',
    });
    return results;
  }
  results.push({
    check: 'Bot token',
    ok: true,
    detail: `valid: bot ${String(auth.user ?? auth.user_id ?? '?')} in ${String(auth.team ?? auth.team_id ?? '?')}`,
  });

  const granted = grantedScopes(auth);
  if (granted === null) {
    results.push({
      check: 'Scopes',
      ok: false,
      detail: 'Slack did not say which scopes the token has',
      fix: 'Compare OAuth & Permissions with `npm run slack:manifest`.',
    });
  } else {
    const missing = botScopes().filter((scope) => !granted.has(scope));
    results.push({
      check: 'Scopes',
      ok: missing.length === 0,
      detail:
        missing.length === 0
          ? `all ${botScopes().length} needed scopes granted`
          : `missing: ${missing.join(', ')}`,
      fix: 'Update the app from `npm run slack:manifest` (App Manifest in the app settings), then reinstall it to the workspace.',
    });
  }

  const channels: [string, string][] = [['Incidents channel', config.incidentChannelId]];
  if (config.reportChannelId) channels.push(['Report channel', config.reportChannelId]);
  for (const [name, id] of channels) results.push(await checkChannel(name, id, call));
  return results;
}

async function checkChannel(
  name: string,
  id: string,
  call: SlackCaller,
): Promise<SlackCheckResult> {
  let info: Awaited<ReturnType<SlackCaller>>;
  try {
    info = await call('conversations.info', { channel: id });
  } catch (error) {
    return { check: `${name} ${id}`, ok: false, detail: (error as Error).message };
  }
  const channel = (info.channel ?? {}) as {
    name?: string;
    is_archived?: boolean;
    is_member?: boolean;
    is_private?: boolean;
  };
  if (!info.ok)
    return {
      check: `${name} ${id}`,
      ok: false,
      detail: `conversations.info answered ${info.error ?? 'an error'}`,
      fix:
        info.error === 'channel_not_found'
          ? 'Check the channel id (channel details → About, at the bottom); for a private channel, invite the app first.'
          : 'Check the scopes above.',
    };
  if (channel.is_archived)
    return {
      check: `${name} ${id}`,
      ok: false,
      detail: `#${channel.name ?? id} is archived`,
      fix: 'Unarchive it or configure another channel.',
    };
  if (!channel.is_member)
    return {
      check: `${name} ${id}`,
      ok: false,
      detail: `#${channel.name ?? id} exists, but the app is not in it`,
      fix: `Type /invite @incident in #${channel.name ?? id} (or restart: the app joins public channels at startup).`,
    };
  return { check: `${name} ${id}`, ok: true, detail: `#${channel.name ?? id}, the app is in it` };
}

/** The scopes Slack says the token has (`x-oauth-scopes`), or null when it did not say. */
function grantedScopes(answer: Record<string, unknown>): Set<string> | null {
  const metadata = answer.response_metadata as { scopes?: unknown } | undefined;
  return Array.isArray(metadata?.scopes) ? new Set(metadata.scopes.map(String)) : null;
}
