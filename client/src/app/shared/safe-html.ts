import { imageAllowed } from './image-hosts';

/** Link and image schemes rendered markdown may use; anything else loses its URL. */
const SAFE_URL = /^(?:https?:|mailto:|[^:]*$|[^:]*[/?#])/i;

/**
 * Tightens HTML that already went through Angular's sanitizer (which removes
 * scripts, event handlers and `javascript:` URLs): only web and mail links remain,
 * outside links open in a new tab without access to this one, and an image
 * keeps its address only when it comes from one of `imageHosts` (`IMAGE_HOSTS`),
 * so no other remote image is ever fetched.
 */
export function restrictUrls(html: string, imageHosts: readonly string[] = []): string {
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
    const src = el.getAttribute('src');
    if (src !== null && !imageAllowed(absolute(src), imageHosts)) el.removeAttribute('src');
    if (el.hasAttribute('srcset')) el.removeAttribute('srcset');
    if (el.tagName === 'A' && /^https?:/i.test(el.getAttribute('href') ?? '')) {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
  return template.innerHTML;
}

/** A URL as the page resolves it; `about:blank` when it cannot be read. */
export function absolute(url: string): URL {
  try {
    return new URL(url, document.baseURI);
  } catch {
    return new URL('about:blank');
  }
}
