import { DOCUMENT, InjectionToken, inject } from '@angular/core';

/**
 * Hosts that images in markdown may load from: the server's `IMAGE_HOSTS`, which
 * it writes into the page as `<meta name="response-image-hosts">`. Without it,
 * no remote image is ever fetched.
 */
export const IMAGE_HOSTS = new InjectionToken<readonly string[]>('IMAGE_HOSTS', {
  providedIn: 'root',
  factory: () => readImageHosts(inject(DOCUMENT)),
});

/** The hosts of the page's `response-image-hosts` meta element, lower-cased. */
export function readImageHosts(doc: Document): string[] {
  const content = doc.querySelector('meta[name="response-image-hosts"]')?.getAttribute('content');
  return (content ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * Whether an image at `url` may load: a web address whose host is in `hosts`,
 * read as the server's content security policy reads them (`images.example.com`
 * on the default port, `localhost:8080`, `*.example.com` for its subdomains).
 */
export function imageAllowed(url: URL, hosts: readonly string[]): boolean {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const hostname = url.hostname.toLowerCase();
  return hosts.some((entry) => {
    const [name, port] = entry.split(':');
    if ((port ?? '') !== url.port) return false;
    return name.startsWith('*.')
      ? hostname.endsWith(name.slice(1)) && hostname.length > name.length - 1
      : hostname === name;
  });
}
