import type { Request } from 'express';

/** The Express setting holding where the public base URL (SITE_URL) is read from. */
const SITE_URL_SETTING = 'response site url';

/** Makes `publicUrl()` build links from `siteUrl()`: called once when the app is made. */
export function useSiteUrl(
  app: { set(setting: string, value: unknown): unknown },
  siteUrl: () => string,
): void {
  app.set(SITE_URL_SETTING, siteUrl);
}

/**
 * The absolute public URL of a request, for links in API bodies (`next`,
 * `previous`): SITE_URL followed by the request's path and query. Never from
 * the `Host` or `X-Forwarded-*` headers, which any client can set.
 */
export function publicUrl(req: Request): URL {
  const siteUrl = (req.app?.get(SITE_URL_SETTING) as (() => string) | undefined)?.();
  if (!siteUrl)
    throw new Error('SITE_URL is not known to this app: build it with createResponseApp()');
  return new URL(`${siteUrl.replace(/\/+$/, '')}${req.originalUrl}`);
}
