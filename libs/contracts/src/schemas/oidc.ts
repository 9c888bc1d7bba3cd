import { z } from 'zod';

/** `GET /core/auth/methods`: how people log in here, for the login page. */
export const authMethodsDtoSchema = z.strictObject({
  /** False with PASSWORD_LOGIN=false: only the break-glass admin uses a password. */
  password: z.boolean(),
  /** Sign-in with an OpenID Connect provider, when set up. */
  oidc: z.strictObject({ name: z.string(), login_url: z.string() }).nullable(),
});
