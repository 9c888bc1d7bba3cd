/**
 * Turns Slack mark-up into readable text: `<@U123>` → `@name`, `<#C1|name>` → `#name`,
 * `<https://x|label>` → `[label](https://x)` and `:fire:` → 🔥.
 * The caller supplies the user names and the emoji table it can afford.
 */
export interface UnslackifyOptions {
  /** Display name for a Slack user id, or undefined when unknown. */
  userName?: (id: string) => string | undefined;
  /** Unicode emoji for a short name without colons, or undefined when unknown. */
  emoji?: (name: string) => string | undefined;
}

const MENTION = /<([@#!])([A-Za-z0-9^]+)(?:\|([^>]*))?>/g;
const LINK = /<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>/g;
const EMOJI = /:([a-z0-9_+'-]+):/g;

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

/** Collects the Slack user ids mentioned in a text, to load their names in one query. */
export function mentionedUserIds(text: string | null | undefined): string[] {
  if (!text) return [];
  const ids = new Set<string>();
  for (const match of text.matchAll(/<@([A-Za-z0-9]+)(?:\|[^>]*)?>/g)) ids.add(match[1]);
  return [...ids];
}
