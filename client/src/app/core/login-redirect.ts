/**
 * Where to go after logging in: a path inside the app, never the login page
 * itself (which would nest `next` parameters), else `/`.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  const path = next.split(/[?#]/)[0];
  if (path === '/login' || path.startsWith('/login/')) return '/';
  return next;
}

/** The `next` to remember when sending someone to log in from `url`: unwraps one already there. */
export function nextFrom(url: string): string {
  const path = url.split(/[?#]/)[0];
  if (path !== '/login') return safeNext(url);
  const query = url.slice(url.indexOf('?') + 1);
  return url.includes('?') ? safeNext(new URLSearchParams(query).get('next')) : '/';
}
