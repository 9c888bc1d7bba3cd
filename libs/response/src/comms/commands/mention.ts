/** `@incident <command> [text]` as Slack delivers it: `<@UBOT> severity critical`. */
export interface ParsedMention {
  /** The command word, lower-cased; empty when nothing follows the mention. */
  command: string;
  /** What follows the command, trimmed. */
  text: string;
}

const MENTION = /<@([A-Z0-9]+)(?:\|[^>]*)?>/g;

/**
 * Reads the command after the app's own mention (`botUserId`); anything typed
 * before it, other people's mentions included, is ignored. Without a known
 * bot id (or when it is not mentioned) the first mention is taken.
 */
export function parseMention(raw: string, botUserId?: string | null): ParsedMention {
  const mentions = [...raw.matchAll(MENTION)];
  const match = mentions.find((m) => botUserId && m[1] === botUserId) ?? mentions[0];
  const after = (match ? raw.slice(match.index + match[0].length) : raw).trim();
  const space = after.search(/\s/);
  if (space < 0) return { command: after.toLowerCase(), text: '' };
  return { command: after.slice(0, space).toLowerCase(), text: after.slice(space).trim() };
}

/** The Slack user ids mentioned in a text, in order, without repeats. */
export function mentionedUsers(text: string): string[] {
  const ids: string[] = [];
  for (const match of text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g))
    if (!ids.includes(match[1])) ids.push(match[1]);
  return ids;
}
