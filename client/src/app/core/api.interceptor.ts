import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { CSRF_HEADER } from '@response/contracts';
import { catchError, throwError } from 'rxjs';
import { Session } from './session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Every `/core` call carries the session cookie; unsafe ones also carry the CSRF
 * token. A 401 outside the auth endpoints means the session ended: back to login.
 */
export const apiInterceptor: HttpInterceptorFn = (req, next) => {
  if (!req.url.startsWith('/core/')) return next(req);
  const session = inject(Session);
  const router = inject(Router);
  const token = session.csrfToken();
  const headers = !SAFE_METHODS.has(req.method) && token ? req.headers.set(CSRF_HEADER, token) : req.headers;
  return next(req.clone({ withCredentials: true, headers })).pipe(
    catchError((error: unknown) => {
      if (error instanceof HttpErrorResponse && error.status === 401 && !req.url.startsWith('/core/auth/')) {
        session.clear();
        void router.navigate(['/login'], { queryParams: { next: router.url } });
      }
      return throwError(() => error);
    }),
  );
};
