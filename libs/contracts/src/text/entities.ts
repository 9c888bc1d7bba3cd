/**
 * HTML entities in stored text. The server stores what users write HTML-escaped
 * (`R&D` as `R&amp;D`, `<img>` as `&lt;img&gt;`), and Slack escapes `&`, `<` and
 * `>` in the messages it sends; plain-text views, slugs and edit forms decode it.
 * Decoded text is plain text: where it goes into HTML it is escaped again.
 */

const NAMED = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
  ['nbsp', '\u00a0'],
]);
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z]+));/g;

const ESCAPES = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&#39;'],
]);

/** The character of a numeric entity, or undefined for 0, a surrogate or a value past Unicode. */
function fromCodePoint(code: number): string | undefined {
  const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return valid ? String.fromCodePoint(code) : undefined;
}

/** Undoes HTML escaping in one pass (`&amp;lt;` gives `&lt;`, not `<`); unknown entities stay as they are. */
export function decodeEntities(text: string | null | undefined): string {
  if (!text) return '';
  return text.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED.get(name) ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    return fromCodePoint(code) ?? whole;
  });
}

/** Escapes `&`, `<`, `>`, `"` and `'` so text can sit in HTML as text or in an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES.get(char) ?? char);
}
