import { decodeEntities } from '@response/contracts';

/** Slack's longest channel name. */
export const CHANNEL_NAME_MAX = 80;

/**
 * Lower-case words joined by `-`, using only what Slack allows in a channel
 * name (`a-z`, `0-9`, `-`, `_`). Accents are dropped (`é` → `e`), anything
 * else becomes a separator. HTML entities (stored text, or Slack's own `&amp;`
 * escaping in messages) are decoded first, so `R&amp;D` gives `r-d`.
 */
export function slugify(text: string): string {
  return decodeEntities(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
}

/** Joins non-empty parts with `-` and keeps the result within Slack's limit. */
export function channelName(...parts: (string | number)[]): string {
  const name = parts
    .map((part) => slugify(String(part)))
    .filter((part) => part.length > 0)
    .join('-');
  return trimName(name, CHANNEL_NAME_MAX);
}

/** `name` with `-<n>` appended, shortening `name` so the whole fits in 80 characters. */
export function withSuffix(name: string, n: number): string {
  const suffix = `-${n}`;
  return `${trimName(name, CHANNEL_NAME_MAX - suffix.length)}${suffix}`;
}

function trimName(name: string, max: number): string {
  return name.slice(0, max).replace(/[-_]+$/, '');
}
