import { SecurityContext, inject } from '@angular/core';
import { DomSanitizer } from '@angular/platform-browser';
import type { SanitizeFunction } from 'ngx-markdown';

/** Link and image schemes rendered markdown may use; anything else loses its URL. */
const SAFE_URL = /^(?:https?:|mailto:|[^:]*$|[^:]*[/?#])/i;

/**
 * Tightens HTML that already went through Angular's sanitizer (which removes
 * scripts, event handlers and `javascript:` URLs): only web and mail links remain,
 * and outside links open in a new tab without access to this one.
 */
export function restrictUrls(html: string): string {
  // Without these attribute names there is nothing to check (most timeline entries).
  if (!/href|src/i.test(html)) return html;
  const template = document.createElement('template');
  // A template's content is inert: nothing in it loads or runs.
  template.innerHTML = html;
  for (const el of Array.from(template.content.querySelectorAll('[href], [src]'))) {
    for (const name of ['href', 'src']) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      // Browsers ignore whitespace and control characters inside a scheme (`java\tscript:`).
      // eslint-disable-next-line no-control-regex
      const compact = value.replace(/[\s\u0000-\u001f]/g, '');
      if (!SAFE_URL.test(compact)) el.removeAttribute(name);
    }
    if (el.tagName === 'A' && /^https?:/i.test(el.getAttribute('href') ?? '')) {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
  return template.innerHTML;
}

/** ngx-markdown's SANITIZE hook: Angular's HTML sanitizer, then {@link restrictUrls}. */
export function markdownSanitizer(): SanitizeFunction {
  const sanitizer = inject(DomSanitizer);
  return (html: string) => restrictUrls(sanitizer.sanitize(SecurityContext.HTML, html) ?? '');
}
