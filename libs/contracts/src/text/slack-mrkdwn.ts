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

/** Left-to-right and right-to-left embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). */
const DIRECTION_OVERRIDES = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * Drops the characters that reorder how text is drawn, so that what Slack shows
 * reads in the order it was written (`invoice\u202Efdp.exe` cannot pass for
 * `invoiceexe.pdf`).
 */
export function dropDirectionOverrides(text: string): string {
  return text.replace(DIRECTION_OVERRIDES, '');
}

/**
 * Plain text (a name, what someone typed in a Slack form) as mrkdwn: shown
 * literally, so `<!channel>` or `<https://x|label>` is never a mention or a link.
 */
export function plainToMrkdwn(text: string): string {
  return escapeMrkdwn(dropDirectionOverrides(text));
}

/** Text decoded from HTML entities, then escaped for mrkdwn: exactly one level of escaping. */
function escapeStored(text: string): string {
  return plainToMrkdwn(decodeEntities(text));
}

/** `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^S1|@team>`, `<!date^…|label>`. */
const SPECIAL_MENTION = /^<!([A-Za-z0-9^]+)(?:\|([^>]*))?>$/;

/** A Slack token of a stored text as it goes back to Slack. */
function slackToken(token: string): string {
  const special = SPECIAL_MENTION.exec(token);
  if (!special) return dropDirectionOverrides(token);
  // Quoting a message never notifies a whole channel or group again: their names, as text.
  return plainToMrkdwn(decodeEntities(special[2] || `@${special[1].split('^')[0]}`));
}

export interface ToMrkdwnOptions {
  /**
   * Keep the Slack mark-up of text written in Slack: user mentions, channel
   * links and links (default). False for text that never comes from a Slack
   * message, such as the report: any mark-up in it is shown as typed.
   */
  slackMarkup?: boolean;
}

/**
 * Stored user text as mrkdwn: decoded (the server stored `&` as `&amp;`) and
 * then escaped exactly once, so `R&amp;D` shows as `R&D` and never as
 * `R&amp;amp;D`. Mark-up typed outside Slack was stored escaped, so it shows as
 * typed: `<!channel>` or `<https://x|label>` typed in the web app never pings or
 * hides a link. Slack mark-up of text written in Slack (stored as Slack sent it)
 * keeps its user mentions and links; its channel-wide mentions become plain
 * names. Direction overrides are dropped.
 */
export function toMrkdwn(text: string | null | undefined, options: ToMrkdwnOptions = {}): string {
  if (!text) return '';
  if (options.slackMarkup === false) return escapeStored(text);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SLACK_TOKEN)) {
    out += escapeStored(text.slice(last, match.index)) + slackToken(match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeStored(text.slice(last));
}
