import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ForbiddenError, UnsupportedMediaTypeError } from '../common/errors.js';
import { CONFIG, type Config } from '../config/config.js';

/** Loopback names of the local default site, which a browser may use interchangeably. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The origins a browser may send a login from: SITE_URL's, and on the local default its loopback aliases. */
export function allowedOrigins(config: Config): Set<string> {
  const site = new URL(config.app.siteUrl);
  const origins = new Set([site.origin]);
  if (!config.app.siteUrlExplicit && LOOPBACK_HOSTS.includes(site.hostname)) {
    for (const host of LOOPBACK_HOSTS) {
      origins.add(`${site.protocol}//${host}${site.port ? `:${site.port}` : ''}`);
    }
  }
  return origins;
}

/**
 * For the routes that start a session (login, first-start setup): the body
 * must be JSON, which a cross-site HTML form cannot send (415 otherwise), and
 * an `Origin` header, when there is one, must be this site's (403 otherwise).
 * Together they stop another site from logging a visitor into an account of
 * its choosing.
 */
@Injectable()
export class SameSiteJsonGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (!req.is(['application/json', 'application/*+json'])) {
      throw new UnsupportedMediaTypeError(
        'Send the body as JSON, with Content-Type: application/json',
      );
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins(this.config).has(origin)) {
      throw new ForbiddenError(
        `Requests from ${origin.slice(0, 100)} are not accepted here: open ${this.config.app.siteUrl}`,
      );
    }
    return true;
  }
}
