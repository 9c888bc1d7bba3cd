import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { AuthService, type AuthRequest } from './auth.service.js';

/**
 * Paths open to anonymous callers, with or without a trailing slash:
 * `POST /core/auth/login`, the first-start setup, and `/core/auth/methods`,
 * `/core/auth/oidc/login` and `/core/auth/oidc/callback` (signing in with a
 * provider, see oidc/).
 */
const PUBLIC_PATH = /^\/core\/(?:auth\/(?:login|methods|oidc\/login|oidc\/callback)|setup)\/?$/;

/**
 * Runs before routing for every `/core` path, so that an anonymous caller gets
 * 401 even for a path no route serves (and learns nothing about which exist).
 * Roles and CSRF are checked by the guard, which knows the route.
 */
@Injectable()
export class CoreAuthMiddleware implements NestMiddleware {
  constructor(private readonly auth: AuthService) {}

  use(req: AuthRequest, res: Response, next: NextFunction): void {
    if (PUBLIC_PATH.test(req.originalUrl.split('?')[0]!)) {
      next();
      return;
    }
    this.auth.requireAccount(req, res).then(() => next(), next);
  }
}
