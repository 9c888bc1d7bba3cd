/**
 * The Slack app manifest (https://api.slack.com/reference/manifests): paste it
 * into "Create an app → From a manifest" and Slack is set up in one step.
 * `npm run slack:manifest` prints it for the configured SITE_URL.
 */

/**
 * Bot scopes each Web API method the code calls needs, public channels and
 * private ones alike (a private incident's channel is private). A unit spec
 * fails when the code calls a method missing here, or when a method here is
 * no longer called.
 */
export const METHOD_SCOPES: Record<string, readonly string[]> = {
  'auth.test': [],
  // chat.postMessage to a public channel the app has not joined needs chat:write.public.
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'chat.delete': ['chat:write'],
  'views.open': [],
  'conversations.create': ['channels:manage', 'groups:write'],
  'conversations.join': ['channels:join'],
  'conversations.invite': ['channels:manage', 'groups:write'],
  'conversations.setTopic': ['channels:manage', 'groups:write'],
  'conversations.rename': ['channels:manage', 'groups:write'],
  'conversations.archive': ['channels:manage', 'groups:write'],
  'conversations.unarchive': ['channels:manage', 'groups:write'],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.replies': ['channels:history', 'groups:history'],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
  'users.info': ['users:read', 'users:read.email'],
  'users.list': ['users:read', 'users:read.email'],
};

/** Events the app subscribes to, and the scope each needs. */
export const BOT_EVENTS: Record<string, string> = {
  app_mention: 'app_mentions:read',
  'message.channels': 'channels:history',
  'message.groups': 'groups:history',
  pin_added: 'pins:read',
  pin_removed: 'pins:read',
  reaction_added: 'reactions:read',
  reaction_removed: 'reactions:read',
  channel_rename: 'channels:read',
  group_rename: 'groups:read',
};

/** Every bot scope: the slash command, the methods' scopes and the events' scopes. */
export function botScopes(): string[] {
  const scopes = new Set<string>(['commands']);
  for (const list of Object.values(METHOD_SCOPES)) for (const scope of list) scopes.add(scope);
  for (const scope of Object.values(BOT_EVENTS)) scopes.add(scope);
  return [...scopes].sort();
}

export function slackManifest(siteUrl: string): Record<string, unknown> {
  const base = siteUrl.replace(/\/+$/, '');
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'Response',
      description: 'Declare incidents, coordinate the response and keep the timeline, from Slack.',
      background_color: '#7a1f1f',
    },
    features: {
      bot_user: { display_name: 'incident', always_online: true },
      slash_commands: [
        {
          command: '/incident',
          url: `${base}/slack/slash_command`,
          description: 'Declare an incident',
          usage_hint: '[what is happening]',
          should_escape: false,
        },
      ],
    },
    oauth_config: { scopes: { bot: botScopes() } },
    settings: {
      event_subscriptions: {
        request_url: `${base}/slack/event`,
        bot_events: Object.keys(BOT_EVENTS),
      },
      interactivity: { is_enabled: true, request_url: `${base}/slack/action` },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
}

/** A small YAML writer for the manifest's plain shapes (maps, lists, strings, numbers, booleans). */
export function toYaml(value: unknown, indent = 0): string {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value
      .map((item) => {
        if (isPlainObject(item) || Array.isArray(item)) {
          const nested = toYaml(item, indent + 2).slice(indent + 2);
          return `${pad}- ${nested}`;
        }
        return `${pad}- ${scalar(item)}\n`;
      })
      .join('');
  }
  if (isPlainObject(value)) {
    return Object.entries(value)
      .map(([key, item]) => {
        if (isPlainObject(item) || (Array.isArray(item) && item.length > 0))
          return `${pad}${key}:\n${toYaml(item, indent + 2)}`;
        return `${pad}${key}: ${Array.isArray(item) ? '[]' : scalar(item)}\n`;
      })
      .join('');
  }
  return `${pad}${scalar(value)}\n`;
}

function scalar(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value ?? '');
  return /^[A-Za-z0-9_./:-][A-Za-z0-9 _./:,-]*$/.test(text) &&
    !/^(true|false|null|yes|no|on|off|~)$/i.test(text) &&
    !/: |\s$/.test(text)
    ? text
    : JSON.stringify(text);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
