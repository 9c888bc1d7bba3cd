import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BOT_EVENTS, botScopes, METHOD_SCOPES, slackManifest, toYaml } from './manifest.js';

const SERVER_SRC = fileURLToPath(new URL('..', import.meta.url));
const METHOD =
  /['"`]((?:auth|chat|views|conversations|reactions|users|pins|im|files|team|usergroups|bookmarks|dnd|emoji|bots|reminders)\.[a-zA-Z.]+)['"`]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every Slack Web API method name written as a string literal in the server code. */
function methodsUsed(): Set<string> {
  const used = new Set<string>();
  for (const file of sourceFiles(SERVER_SRC)) {
    if (file.endsWith('manifest.ts')) continue;
    for (const match of readFileSync(file, 'utf8').matchAll(METHOD)) used.add(match[1]);
  }
  return used;
}

describe('Slack app manifest', () => {
  it('has a bot scope for every Web API method the code calls', () => {
    const used = methodsUsed();
    expect(used.size).toBeGreaterThan(5);
    const scopes = new Set(botScopes());
    const missing: string[] = [];
    for (const method of used) {
      const needed = METHOD_SCOPES[method];
      if (!needed) missing.push(`${method} (not in METHOD_SCOPES)`);
      else
        for (const scope of needed)
          if (!scopes.has(scope)) missing.push(`${method} needs ${scope}`);
    }
    expect(missing).toEqual([]);
  });

  it('calls every method it lists, and requests no scope that nothing needs', () => {
    const used = methodsUsed();
    expect(Object.keys(METHOD_SCOPES).filter((method) => !used.has(method))).toEqual([]);
    const needed = new Set(['commands', ...Object.values(BOT_EVENTS)]);
    for (const method of used) for (const scope of METHOD_SCOPES[method] ?? []) needed.add(scope);
    expect(botScopes().filter((scope) => !needed.has(scope))).toEqual([]);
    expect(botScopes()).not.toContain('pins:write');
    expect(botScopes()).not.toContain('im:write');
  });

  it('subscribes to the events the app handles, with their scopes', () => {
    const manifest = slackManifest('https://response.example.com/') as {
      settings: {
        event_subscriptions: { bot_events: string[]; request_url: string };
        interactivity: { request_url: string };
      };
      features: { slash_commands: { command: string; url: string }[] };
      oauth_config: { scopes: { bot: string[] } };
    };
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([
      'app_mention',
      'message.channels',
      'message.groups',
      'pin_added',
      'pin_removed',
      'reaction_added',
      'reaction_removed',
      'channel_rename',
      'group_rename',
    ]);
    for (const event of manifest.settings.event_subscriptions.bot_events) {
      expect(manifest.oauth_config.scopes.bot).toContain(BOT_EVENTS[event]);
    }
    expect(manifest.oauth_config.scopes.bot).toContain('commands');
    expect(manifest.features.slash_commands).toEqual([
      expect.objectContaining({
        command: '/incident',
        url: 'https://response.example.com/slack/slash_command',
      }),
    ]);
    expect(manifest.settings.event_subscriptions.request_url).toBe(
      'https://response.example.com/slack/event',
    );
    expect(manifest.settings.interactivity.request_url).toBe(
      'https://response.example.com/slack/action',
    );
  });

  it('prints readable YAML', () => {
    const yaml = toYaml(slackManifest('https://response.example.com'));
    expect(yaml).toContain(
      '  slash_commands:\n    - command: /incident\n      url: https://response.example.com/slack/slash_command\n',
    );
    expect(yaml).toContain('    bot:\n      - app_mentions:read\n');
    expect(yaml).toContain('  background_color: "#7a1f1f"\n');
    expect(yaml).toContain('    usage_hint: "[what is happening]"\n');
  });
});
