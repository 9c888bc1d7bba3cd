import type { ApiErrorDto } from '@response/contracts';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { DomainError, TooManyRequestsError } from '../common/errors.js';
import type { AuthService } from './auth.service.js';

/**
 * Express middleware that admits admins only, for tools mounted outside Nest's
 * router (e.g. the queue dashboard). Answers 401/403/429 as JSON, like the API.
 */
export function adminOnly(auth: AuthService): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    auth.authorize(req, res, ['admin']).then(
      () => next(),
      (error: unknown) => {
        if (!(error instanceof DomainError)) {
          next(error);
          return;
        }
        if (error instanceof TooManyRequestsError)
          res.setHeader('Retry-After', String(error.retryAfterSeconds));
        const body: ApiErrorDto = {
          statusCode: error.status,
          error: error.error,
          message: error.message,
        };
        res.status(error.status).json(body);
      },
    );
  };
}
