/**
 * Slack's mark-up in text: mentions (`<@U123>`), channels (`<#C1|name>`),
 * special mentions (`<!here>`), links (`<https://x|label>`) and emoji (`:fire:`),
 * and the escaping its mrkdwn needs.
 */
import { decodeEntities } from './entities.js';

/** What {@link unslackify} may resolve; the caller supplies the names and the emoji table it can afford. */
export interface UnslackifyOptions {
  /** Display name for a Slack user id, or undefined when unknown. */
  userName?: (id: string) => string | undefined;
  /** Unicode emoji for a short name without colons, or undefined when unknown. */
  emoji?: (name: string) => string | undefined;
}

/** `@incident <command> [text]` as Slack delivers it: `<@UBOT> severity critical`. */
export interface ParsedMention {
  /** The command word, lower-cased; empty when nothing follows the mention. */
  command: string;
  /** What follows the command, trimmed. */
  text: string;
}

const MENTION = /<([@#!])([A-Za-z0-9^]+)(?:\|([^>]*))?>/g;
const LINK = /<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>/g;
const EMOJI = /:([a-z0-9_+'-]+):/g;
/** A Slack user id (`U…` or `W…`) in a mention, with or without a label. */
const USER_MENTION = /<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g;
/** Any user mention, as the app's own mention arrives at the start of a command. */
const COMMAND_MENTION = /<@([A-Z0-9]+)(?:\|[^>]*)?>/g;
const SLACK_TOKEN = /<[@#!][A-Za-z0-9^]+(?:\|[^<>]*)?>|<(?:https?|mailto):[^\s|<>]+(?:\|[^<>]*)?>/g;

/**
 * Slack mark-up as readable text: `<@U123>` → `@name`, `<#C1|name>` → `#name`,
 * `<https://x|label>` → `[label](https://x)` and, given a table, `:fire:` → 🔥.
 */
export function unslackify(
  text: string | null | undefined,
  options: UnslackifyOptions = {},
): string {
  if (!text) return '';
  let out = text.replace(MENTION, (whole, sigil: string, id: string, label?: string) => {
    if (sigil === '@') return `@${label || options.userName?.(id) || id}`;
    if (sigil === '#') return `#${label || id}`;
    // Special mentions: <!here>, <!channel>, <!subteam^ID|@team>
    return label || `@${id.split('^')[0]}`;
  });
  out = out.replace(LINK, (_whole, url: string, label?: string) =>
    label ? `[${label}](${url})` : url,
  );
  if (options.emoji) {
    const lookup = options.emoji;
    out = out.replace(EMOJI, (whole, name: string) => lookup(name) ?? whole);
  }
  return out;
}

/** The Slack user ids mentioned in a text, in order, without repeats. */
export function mentionedUserIds(text: string | null | undefined): string[] {
  if (!text) return [];
  const ids = new Set<string>();
  for (const match of text.matchAll(USER_MENTION)) ids.add(match[1]);
  return [...ids];
}

/**
 * Reads the command after the app's own mention (`botUserId`); anything typed
 * before it, other people's mentions included, is ignored. Without a known
 * bot id (or when it is not mentioned) the first mention is taken.
 */
export function parseMention(raw: string, botUserId?: string | null): ParsedMention {
  const mentions = [...raw.matchAll(COMMAND_MENTION)];
  const match = mentions.find((m) => botUserId && m[1] === botUserId) ?? mentions[0];
  const after = (match ? raw.slice(match.index + match[0].length) : raw).trim();
  const space = after.search(/\s/);
  if (space < 0) return { command: after.toLowerCase(), text: '' };
  return { command: after.slice(0, space).toLowerCase(), text: after.slice(space).trim() };
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text decoded from HTML entities, then escaped for mrkdwn: exactly one level of escaping. */
function escapeStored(text: string): string {
  return escapeMrkdwn(decodeEntities(text));
}

/**
 * Stored user text as mrkdwn: Slack mentions and links are kept; the rest is
 * decoded (the sanitiser stored `&` as `&amp;`) and then escaped exactly once,
 * so `R&amp;D` shows as `R&D` and never as `R&amp;amp;D`.
 */
export function toMrkdwn(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SLACK_TOKEN)) {
    out += escapeStored(text.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeStored(text.slice(last));
}
