/**
 * Where to go after signing in: a path of this site (`/incident/3/`), never
 * another site, never the login page itself; anything else is `/`.
 */
export function safeNext(next: unknown, siteUrl: string): string {
  if (typeof next !== 'string' || next.length > 2000) return '/';
  if (!next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  // Control characters (a tab or newline inside `//`) could change how a browser reads it.
  if ([...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || c === '\\'))
    return '/';
  let url: URL;
  try {
    url = new URL(next, siteUrl);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(siteUrl).origin) return '/';
  if (url.pathname === '/login' || url.pathname.startsWith('/login/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
