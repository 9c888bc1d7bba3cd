import { unslackify, type UserDto } from '@response/contracts';
import { emoji } from './emoji';

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g;

/**
 * The server stores user text HTML-escaped (`R&amp;D`, `&lt;img&gt;`). Plain-text
 * views decode it for display; Angular's interpolation escapes it again, so this
 * never turns text into markup. One pass: `&amp;lt;` becomes `&lt;`, not `<`.
 */
export function decodeEntities(text: string | null | undefined): string {
  if (!text) return '';
  return text.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
}

/** Slack id → name, for {@link readableText}. */
export function userNames(users: readonly UserDto[]): Map<string, string> {
  return new Map(users.map((u) => [u.external_id, u.display_name || u.full_name || u.external_id]));
}

/**
 * Stored text as plain, readable text: Slack mark-up resolved (`<@U1>` → `@ada`,
 * `:fire:` → 🔥, `<https://x|logs>` → `logs`) and HTML entities decoded.
 */
export function readableText(
  text: string | null | undefined,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const links = (text ?? '').replace(
    /<((?:https?|mailto):[^|>\s]+)\|([^>]*)>/g,
    (_whole, _url: string, label: string) => label,
  );
  return decodeEntities(unslackify(links, { userName: (id) => names.get(id), emoji }));
}

/** `critical` → `Critical`: labels in selects, filters and facts start with a capital. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
