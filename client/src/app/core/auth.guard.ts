import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { Session } from './session';

/** Sends logged-out users to `/login`, remembering where they were going. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const me = await inject(Session).ensureLoaded().catch(() => null);
  return me ? true : router.createUrlTree(['/login'], { queryParams: { next: state.url } });
};
