import { Injectable, SecurityContext, inject } from '@angular/core';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import { decodeEntities, escapeHtml, unslackify } from '@response/contracts';
import { Marked, type RendererObject, type Tokens } from 'marked';
import { emoji } from './emoji';
import { IMAGE_HOSTS, imageAllowed } from './image-hosts';
import { absolute, restrictUrls } from './safe-html';

const NO_NAMES: ReadonlyMap<string, string> = new Map();

/**
 * Characters and shapes that can make markdown render as more than one paragraph
 * of text: inline syntax, HTML, escapes, autolinks (`https:`, `a@b.c`, `www.`),
 * and the starts of block elements (lists, headings, quotes, code, rules).
 */
const SYNTAX = /[\n\r\\`*_~[\]<>#|:@]|www\.|^\s|^[-+=]|^\d+[.)]/i;

/** True when typed `text` would render as a single paragraph holding exactly its characters. */
export function isPlainText(text: string): boolean {
  return !SYNTAX.test(text);
}

/** Removes the indentation every non-blank line shares, so an indented note is not a code block. */
export function trimIndentation(markdown: string): string {
  const lines = markdown.split('\n');
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim()) indent = Math.min(indent, line.search(/\S/));
  }
  return indent > 0 && indent !== Infinity
    ? lines.map((line) => line.slice(indent)).join('\n')
    : markdown;
}

/**
 * Stored text as the markdown its writer typed: Slack mark-up made readable
 * (`<@U1>` → `@ada`, `:fire:` → 🔥, `<https://x|logs>` → a link), then the
 * server's HTML escaping undone, exactly once. Slack mark-up typed outside Slack
 * was stored escaped, so it stays as typed.
 */
export function typedMarkdown(
  stored: string | null | undefined,
  names: ReadonlyMap<string, string> = NO_NAMES,
): string {
  return decodeEntities(unslackify(stored, { userName: (id) => names.get(id), emoji }));
}

/**
 * How typed markdown becomes HTML. The source is what someone typed, so nothing
 * in it is read as HTML: a tag shows as the text it is, and an entity such as
 * `&copy;` as its six characters. Images load only from `imageHosts`; any other
 * is a link that names its host, so reading a text never fetches from a place
 * its writer chose.
 */
function renderer(imageHosts: readonly string[]): RendererObject {
  return {
    html: ({ text }) => escapeHtml(text),
    text(token: Tokens.Text | Tokens.Escape) {
      return 'tokens' in token && token.tokens
        ? this.parser.parseInline(token.tokens)
        : escapeHtml(token.text);
    },
    image({ href, title, tokens, text }) {
      const alt = tokens ? this.parser.parseInline(tokens, this.parser.textRenderer) : text;
      const url = absolute(href);
      if (imageAllowed(url, imageHosts)) {
        const titled = title ? ` title="${escapeHtml(title)}"` : '';
        return `<img src="${escapeHtml(url.href)}" alt="${escapeHtml(alt)}"${titled}>`;
      }
      const label = `Image${alt ? `: ${alt}` : ''}`;
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return escapeHtml(label);
      return (
        `<a class="image-link" href="${escapeHtml(url.href)}">${escapeHtml(label)}` +
        ` <span class="image-host">(${escapeHtml(url.host)})</span></a>`
      );
    },
  };
}

/**
 * The one way the web app renders what people wrote: the saved summary and
 * impact, the editor's preview, timeline entries. Synchronous, so a timeline of
 * a thousand entries renders in one pass; texts with no markdown syntax skip
 * the parser. The HTML then goes through Angular's HTML sanitizer and
 * {@link restrictUrls}.
 */
@Injectable({ providedIn: 'root' })
export class MarkdownRenderer {
  private readonly sanitizer = inject(DomSanitizer);
  private readonly imageHosts = inject(IMAGE_HOSTS);
  /** GitHub-flavoured markdown without line breaks on single newlines. */
  private readonly parser = new Marked(
    { gfm: true, breaks: false, async: false },
    { renderer: renderer(this.imageHosts) },
  );

  /** Sanitized HTML for stored text (HTML-escaped, as `/core` returns it), as a string. */
  html(stored: string | null | undefined, names: ReadonlyMap<string, string> = NO_NAMES): string {
    const typed = typedMarkdown(stored, names);
    if (!typed) return '';
    if (isPlainText(typed)) return `<p>${escapeHtml(typed)}</p>`;
    const raw = this.parser.parse(trimIndentation(typed)) as string;
    return restrictUrls(this.sanitizer.sanitize(SecurityContext.HTML, raw) ?? '', this.imageHosts);
  }

  /** {@link html}, marked safe for an `[innerHTML]` binding: it is sanitized already. */
  render(stored: string | null | undefined, names?: ReadonlyMap<string, string>): SafeHtml {
    return this.sanitizer.bypassSecurityTrustHtml(this.html(stored, names));
  }
}
