import { ForbiddenError } from '../../common/errors.js';
import type { Config } from '../../config/config.js';

/**
 * With `PASSWORD_LOGIN=false`, people sign in with the OpenID Connect provider;
 * only the ADMIN_USERNAME account may still log in with its password, as a
 * break-glass way in. HTTP Basic for API clients is not a login and stays.
 */
export function refuseUnlessPasswordLogin(config: Config, username: string): void {
  if (config.oidc.passwordLogin || username === config.auth.admin?.username) return;
  throw new ForbiddenError(
    `Password login is turned off: sign in with ${config.oidc.provider?.name ?? 'your provider'}`,
  );
}
