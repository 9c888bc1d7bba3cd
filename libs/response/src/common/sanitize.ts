import sanitizeHtml from 'sanitize-html';

/**
 * Sanitising of everything a user writes (incident report, summary and impact,
 * action details, timeline text), done on write as Response did with bleach.
 *
 * Tags that markdown produces survive; any other HTML is escaped rather than
 * dropped, so `<iframe>x</iframe>` is kept as the visible text
 * `&lt;iframe&gt;x&lt;/iframe&gt;`. Escaped tags keep their attributes (as text)
 * so that nothing the user typed disappears.
 *
 * A `>` that starts a line is left as is, so markdown block quotes work.
 *
 * Slack mark-up (`<@U123>`, `<#C1|name>`, `<!here>`, `<https://x|label>`) is not
 * HTML: it is set aside before sanitising and put back afterwards, so mentions
 * and links still resolve. Only tokens of Slack's exact shapes are kept, and
 * their labels cannot contain quotes, `=` or angle brackets, so they can never
 * carry an attribute or a tag.
 */
const MARKDOWN_TAGS = [
  'a',
  'abbr',
  'acronym',
  'b',
  'blockquote',
  'br',
  'code',
  'del',
  'em',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'li',
  'ol',
  'p',
  'pre',
  's',
  'strike',
  'strong',
  'sub',
  'sup',
  'ul',
];

/** `preserveEscapedAttributes` exists in sanitize-html 2.17 but not yet in its type definitions. */
const OPTIONS: sanitizeHtml.IOptions & { preserveEscapedAttributes: boolean } = {
  allowedTags: MARKDOWN_TAGS,
  allowedAttributes: { a: ['href', 'title'], abbr: ['title'], acronym: ['title'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  preserveEscapedAttributes: true,
  // Only real void elements close themselves; anything else is echoed as typed.
  selfClosing: ['br', 'hr'],
};

const SLACK_TOKEN =
  /<[@#!][A-Za-z0-9^]+(?:\|[^<>"'=`]*)?>|<(?:https?|mailto):[^\s|<>"'`]+(?:\|[^<>"'=`]*)?>/g;
const PLACEHOLDER = /\uE000(\d+)\uE001/g;
/** Markdown block quotes: `>` at the start of a line, possibly nested. */
const QUOTE_MARKERS = /^([ \t]*)((?:&gt;[ \t]?)+)/gm;

export function sanitize(text: string): string;
export function sanitize(text: string | null): string | null;
export function sanitize(text: string | null | undefined): string | null | undefined;
export function sanitize(text: string | null | undefined): string | null | undefined {
  if (text === null || text === undefined || text === '') return text;
  // Private-use characters cannot come from a user: strip them so placeholders are unambiguous.
  const tokens: string[] = [];
  const guarded = text.replace(/[\uE000\uE001]/g, '').replace(SLACK_TOKEN, (token) => {
    tokens.push(token);
    return `\uE000${tokens.length - 1}\uE001`;
  });
  // A bare `>` is harmless text; markdown needs it unescaped at line starts for quotes.
  const clean = sanitizeHtml(guarded, OPTIONS).replace(
    QUOTE_MARKERS,
    (_whole, indent: string, marks: string) => indent + marks.replace(/&gt;/g, '>'),
  );
  return clean.replace(PLACEHOLDER, (whole, index: string) => tokens[Number(index)] ?? '');
}
