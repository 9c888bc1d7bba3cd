import { z } from 'zod';
import {
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PASSWORD_RULE,
  Role,
  USERNAME_PATTERN,
  USERNAME_RULE,
} from '../domain.js';
import { userRef } from './fields.js';
import { userDtoSchema } from './users.js';

export const usernameField = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .regex(USERNAME_PATTERN, `must be ${USERNAME_RULE}`);

export const passwordField = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  .min(PASSWORD_MIN_LENGTH, `must be ${PASSWORD_RULE}`)
  .max(PASSWORD_MAX_LENGTH, `must be ${PASSWORD_RULE}`);

const roleField = z.enum(Role, { error: 'must be one of admin, responder, viewer' });

/** An account as admins see it (`/core/accounts`). */
export const accountDtoSchema = z.strictObject({
  id: z.number().int(),
  username: z.string(),
  role: z.enum(Role),
  /** A disabled account cannot log in, and has no session left. */
  disabled: z.boolean(),
  /** Failed logins slow it down or refuse it for now; unlocking clears them. */
  locked: z.boolean(),
  /** The Slack user the account acts as, or null for a web-only account. */
  user: userDtoSchema.nullable(),
  created_at: z.string(),
});

/** `POST /core/accounts`. */
export const createAccountSchema = z.strictObject({
  username: usernameField,
  password: passwordField,
  role: roleField.default(Role.Responder),
  /** A Slack user to act as, by `{external_id}`. */
  user: userRef.nullable().optional(),
});

/** `PATCH /core/accounts/:id`: any of role, a new password, disabled, the linked Slack user. */
export const patchAccountSchema = z
  .strictObject({
    role: roleField.optional(),
    password: passwordField.optional(),
    disabled: z.boolean({ error: 'must be true or false' }).optional(),
    user: userRef.nullable().optional(),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'Send at least one of role, password, disabled, user',
  });

/** `GET /core/setup`: whether the first account is still to be made. */
export const setupStatusDtoSchema = z.strictObject({
  setup_required: z.boolean(),
});

/** `POST /core/setup`: the first admin account, with the code the server printed. */
export const setupSchema = z.strictObject({
  code: z.string({ error: 'is required' }).min(1, 'is required').max(200, 'is too long'),
  username: usernameField,
  password: passwordField,
});
