import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, Role } from '../domain.js';
import { userDtoSchema } from './users.js';

/** `POST /core/auth/login`. */
export const loginSchema = z.object({
  username: z.string().min(1, 'is required').max(150, 'is too long'),
  password: z.string().min(1, 'is required').max(PASSWORD_MAX_LENGTH, 'is too long'),
});

/** `GET /core/auth/me` and the answer to a login: who is calling. */
export const meDtoSchema = z.strictObject({
  username: z.string(),
  role: z.enum(Role),
  /** The chat user linked to the account, if any. */
  user: userDtoSchema.nullable(),
  /** Send this value in the `X-CSRF-Token` header on unsafe requests made with the session cookie. */
  csrf_token: z.string().nullable(),
});
