import { Limits, type ActionPriority, type ActionType } from '@response/contracts';
import { z } from 'zod';
import { body, codeEnum, isoDate, limitedText, userRef } from '../common/schemas.js';

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

export const createActionSchema = body({
  details: limitedText(Limits.actionDetailsLength),
  ...fields,
});
export type CreateActionBody = z.output<typeof createActionSchema>;

export const patchActionSchema = body({
  details: limitedText(Limits.actionDetailsLength).optional(),
  ...fields,
});
export type PatchActionBody = z.output<typeof patchActionSchema>;

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
export type CreateTopLevelActionBody = z.output<typeof createTopLevelActionSchema>;
