/**
 * The stored form of what people write, and the checks on it. Response stores
 * text HTML-escaped and `/core` returns it so: `2>&1` is stored as
 * `2&gt;&amp;1`. Every view (the web app, `report.md`, Slack) decodes it exactly
 * once with {@link decodeEntities}, then shows it as text or as markdown source,
 * never as HTML.
 *
 * The stored form is the typed text with `&`, `<` and `>` escaped, and nothing
 * else changed, so decoding it gives back what was typed. Two exceptions keep
 * it stable when stored text is sent again (an API client that PUTs what it
 * GETs): an entity that {@link decodeEntities} reads (`&amp;`, `&lt;`, `&#39;`…)
 * is kept as it is, so it stands for the character it names, as it did in
 * Response; and a `>` that starts a line stays as is, for markdown quotes.
 */
import { decodeEntities } from './entities.js';

export interface StoredTextOptions {
  /**
   * The text was written in a Slack message, in Slack's own escaping: its
   * mentions (`<@U1>`, `<!here>`), channel links and links (`<https://x|label>`)
   * are kept as Slack mark-up. Text written anywhere else (the web app, the
   * API, a Slack form) keeps them as the characters that were typed.
   */
  slackMarkup?: boolean;
}

/** Slack mark-up of exactly Slack's shapes; labels cannot hold quotes, `=` or angle brackets. */
const SLACK_TOKEN =
  /<[@#!][A-Za-z0-9^]+(?:\|[^<>"'=`]*)?>|<(?:https?|mailto):[^\s|<>"'`]+(?:\|[^<>"'=`]*)?>/g;
/** `&`, `<`, `>`, and what may be an entity after an `&`. */
const SPECIAL = /&(?:#\d{1,7};|#[xX][0-9a-fA-F]{1,6};|[a-zA-Z]{2,6};)?|[<>]/g;
/** Markdown block quotes: `>` at the start of a line, possibly nested. */
const QUOTE_MARKERS = /^([ \t]*)((?:&gt;[ \t]?)+)/gm;

function escapeText(text: string): string {
  return text.replace(SPECIAL, (match) => {
    if (match === '<') return '&lt;';
    if (match === '>') return '&gt;';
    if (match === '&') return '&amp;';
    // An entity decodeEntities reads stays; anything else shows as typed.
    return decodeEntities(match) !== match ? match : `&amp;${match.slice(1)}`;
  });
}

/**
 * What was typed, in the form Response stores: `&`, `<` and `>` escaped (see
 * the top of this file for the two exceptions). Storing stored text again
 * gives the same text.
 */
export function toStoredText(text: string, options: StoredTextOptions = {}): string {
  let out = '';
  if (options.slackMarkup) {
    let last = 0;
    for (const match of text.matchAll(SLACK_TOKEN)) {
      out += escapeText(text.slice(last, match.index)) + match[0];
      last = match.index + match[0].length;
    }
    out += escapeText(text.slice(last));
  } else {
    out = escapeText(text);
  }
  return out.replace(
    QUOTE_MARKERS,
    (_whole, indent: string, marks: string) => indent + marks.replace(/&gt;/g, '>'),
  );
}

/**
 * Characters that show nothing: white space (NBSP and the ideographic space
 * included), control and format characters (zero-width spaces and joiners,
 * direction marks, the BOM, tag characters), variation selectors and the
 * fillers that render blank.
 */
// Marks that combine with nothing visible (grapheme joiner, Khmer inherent vowels, variation
// selectors) stand outside the character class: alone, they are invisible too.
const INVISIBLE =
  /^(?:[\p{White_Space}\p{Cc}\p{Cf}\u115F\u1160\u2800\u3164\uFFA0]|\p{Variation_Selector}|\u034F|\u17B4|\u17B5)*$/u;

/** True when text (typed or stored) shows nothing at all: empty, spaces, or only invisible characters. */
export function isBlankText(text: string | null | undefined): boolean {
  return !text || INVISIBLE.test(decodeEntities(text));
}

/**
 * The first `max` UTF-16 units of stored text, never ending inside an entity,
 * so the shortened text still decodes to a prefix of what was typed.
 */
export function cutStoredText(stored: string, max: number): string {
  if (stored.length <= max) return stored;
  return stored.slice(0, max).replace(/&[#a-zA-Z0-9]*$/, '');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when text holds half of a UTF-16 surrogate pair: not Unicode, so it cannot be stored or shown. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
