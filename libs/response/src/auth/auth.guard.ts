import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@response/contracts';
import type { Response } from 'express';
import { AuthService, isCorePath, type AuthRequest } from './auth.service.js';
import { PUBLIC_KEY, ROLES_KEY } from './roles.decorator.js';

/**
 * Global guard. Every route under `/core` (and any route with `@Roles`) needs an
 * account: HTTP Basic or the session cookie. Other routes pass, with
 * `req.account` set when the caller sent valid credentials.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthRequest>();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles && !isCorePath(req.path)) {
      await this.auth.identify(req);
      return true;
    }
    await this.auth.authorize(req, http.getResponse<Response>(), roles);
    return true;
  }
}
