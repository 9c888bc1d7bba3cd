import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { CSRF_HEADER } from '@response/contracts';
import { catchError, throwError } from 'rxjs';
import { nextFrom } from './login-redirect';
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
  const headers =
    !SAFE_METHODS.has(req.method) && token ? req.headers.set(CSRF_HEADER, token) : req.headers;
  return next(req.clone({ withCredentials: true, headers })).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        !req.url.startsWith('/core/auth/')
      ) {
        session.clear();
        // Several calls may fail at once: send the user to log in once, remembering
        // the page they were on (not the login page, and never nested).
        const current = router.currentNavigation()?.finalUrl?.toString() ?? router.url;
        if (!current.startsWith('/login') && !session.redirecting) {
          session.redirecting = true;
          void router
            .navigate(['/login'], { queryParams: { next: nextFrom(current) } })
            .finally(() => (session.redirecting = false));
        }
      }
      return throwError(() => error);
    }),
  );
};
