import { SetMetadata } from '@nestjs/common';
import type { Role } from '@response/contracts';

export const ROLES_KEY = 'response:roles';
export const PUBLIC_KEY = 'response:public';

/**
 * Only these roles may call the route, whatever its method. Without it, `/core`
 * routes admit every role to safe methods and refuse viewers on unsafe ones.
 * Routes outside `/core` that carry it are protected too (e.g. `@Roles('admin')`).
 */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** No authentication at all (e.g. the login route). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
