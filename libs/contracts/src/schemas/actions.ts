import { z } from 'zod';
import { ActionPriority, ActionType, Limits } from '../domain.js';
import {
  body,
  codeEnum,
  expectedVersion,
  isoDate,
  limitedText,
  isoTimestamp,
  userRef,
} from './fields.js';
import { userDtoSchema } from './users.js';

const PRIORITIES: readonly ActionPriority[] = ['1', '2', '3'];
const TYPES: readonly ActionType[] = ['1', '2', '3'];

/** Action bodies; read-only fields (id, details_ui, created_date, incident) are ignored. */
const fields = {
  user: userRef.nullable().optional(),
  done: z.boolean({ error: 'must be true or false' }).optional(),
  due_date: isoDate.nullable().optional(),
  done_date: isoDate.nullable().optional(),
  priority: codeEnum(PRIORITIES).nullable().optional(),
  type: codeEnum(TYPES).nullable().optional(),
};

/** `POST /core/incidents/:id/actions`: the owner is `user` (default: the caller). */
export const createActionSchema = body({
  details: limitedText(Limits.actionDetailsLength),
  ...fields,
});

/** `PATCH` of an action: every field optional. */
export const patchActionSchema = body({
  details: limitedText(Limits.actionDetailsLength).optional(),
  ...fields,
  /** The version this change was made on (as `If-Match`): 412 when it is not the current one. */
  version: expectedVersion.optional(),
});

/** `PUT` of an action: as PATCH, but `details` must be present. */
export const putActionSchema = patchActionSchema.extend({
  details: limitedText(Limits.actionDetailsLength),
});

/** `POST /core/actions` names the incident in the body. */
export const createTopLevelActionSchema = createActionSchema.extend({
  incident: z
    .union([z.number(), z.string().regex(/^\d+$/)], { error: 'must be an incident id' })
    .transform(Number)
    .pipe(
      z
        .number({ error: 'must be an incident id' })
        .int()
        .min(1, 'must be an incident id')
        .max(2_147_483_647, 'must be an incident id'),
    ),
});

/** A follow-up action of an incident as the API returns it. */
export const actionDtoSchema = z.strictObject({
  id: z.number().int(),
  /** As stored: Slack mrkdwn, HTML-escaped. */
  details: z.string(),
  /** `details` with mentions, channels and emoji resolved for display. */
  details_ui: z.string(),
  done: z.boolean(),
  /** The owner. */
  user: userDtoSchema.nullable(),
  created_date: isoTimestamp,
  done_date: isoTimestamp.nullable(),
  due_date: isoTimestamp.nullable(),
  priority: z.enum(ActionPriority).nullable(),
  type: z.enum(ActionType).nullable(),
  /** Goes up by one on every change; also the `ETag`. */
  version: z.number().int().positive(),
  /** Who made the last change, when known. */
  updated_by: userDtoSchema.nullable(),
});
