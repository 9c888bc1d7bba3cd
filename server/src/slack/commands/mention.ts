/** `@incident <command> [text]` as Slack delivers it: `<@UBOT> severity critical`. */
export interface ParsedMention {
  /** The command word, lower-cased; empty when nothing follows the mention. */
  command: string;
  /** What follows the command, trimmed. */
  text: string;
}

const MENTION = /<@[A-Z0-9]+(?:\|[^>]*)?>/;

/** Reads the command after the first mention of the app; anything typed before the mention is ignored. */
export function parseMention(raw: string): ParsedMention {
  const match = MENTION.exec(raw);
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
