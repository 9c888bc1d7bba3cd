import { Injectable, SecurityContext, inject } from '@angular/core';
import { DomSanitizer, type SafeHtml } from '@angular/platform-browser';
import { decodeEntities, escapeHtml } from '@response/contracts';
import { Marked } from 'marked';
import { restrictUrls } from './safe-html';

/** GitHub-flavoured markdown without line breaks on single newlines: the options ngx-markdown uses. */
const parser = new Marked({ gfm: true, breaks: false, async: false });

/**
 * Characters and shapes that can make markdown render as more than one paragraph
 * of text: inline syntax, HTML, escapes, autolinks (`https:`, `a@b.c`, `www.`),
 * and the starts of block elements (lists, headings, quotes, code, rules).
 */
const SYNTAX = /[\n\r\\`*_~[\]<>#|:@]|www\.|^\s|^[-+=]|^\d+[.)]/i;
/** Entities that markdown and {@link decodeEntities} read alike; any other `&` goes to the parser. */
const AMPERSAND = /&(?!(?:amp|lt|gt|quot|apos|#39|#x27);)/i;

/** True when `text` would render as a single paragraph holding exactly its (entity-decoded) characters. */
export function isPlainText(text: string): boolean {
  return !SYNTAX.test(text) && !AMPERSAND.test(text);
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
 * Markdown rendered to HTML synchronously, for views that show many texts at once
 * (the timeline). Texts with no markdown syntax skip the parser; the rest go
 * through `marked`, Angular's HTML sanitizer and {@link restrictUrls}, the same
 * steps ngx-markdown takes with the app's sanitize hook.
 */
@Injectable({ providedIn: 'root' })
export class MarkdownRenderer {
  private readonly sanitizer = inject(DomSanitizer);

  /** Sanitized HTML for `markdown`, as a string. */
  html(markdown: string): string {
    if (!markdown) return '';
    if (isPlainText(markdown)) return `<p>${escapeHtml(decodeEntities(markdown))}</p>`;
    const raw = parser.parse(trimIndentation(markdown)) as string;
    return restrictUrls(this.sanitizer.sanitize(SecurityContext.HTML, raw) ?? '');
  }

  /** {@link html}, marked safe for an `[innerHTML]` binding: it is sanitized already. */
  render(markdown: string): SafeHtml {
    return this.sanitizer.bypassSecurityTrustHtml(this.html(markdown));
  }
}
