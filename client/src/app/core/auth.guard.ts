import { inject } from '@angular/core';
import { Router, type CanActivateFn } from '@angular/router';
import { Role } from '@response/contracts';
import { safeNext } from './login-redirect';
import { Session } from './session';

/** Sends logged-out users to `/login`, remembering where they were going. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const me = await inject(Session)
    .ensureLoaded()
    .catch(() => null);
  return me ? true : router.createUrlTree(['/login'], { queryParams: { next: state.url } });
};

/** `/login` when already logged in goes straight on to `next` (or the list). */
export const guestGuard: CanActivateFn = async (route) => {
  const router = inject(Router);
  const me = await inject(Session)
    .ensureLoaded()
    .catch(() => null);
  return me ? router.parseUrl(safeNext(route.queryParamMap.get('next'))) : true;
};

/** Admin pages: others go to the incident list. */
export const adminGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const me = await inject(Session)
    .ensureLoaded()
    .catch(() => null);
  return me?.role === Role.Admin ? true : router.createUrlTree(['/']);
};
