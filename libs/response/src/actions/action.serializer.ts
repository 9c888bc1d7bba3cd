import type { ActionDto } from '@response/contracts';
import { NO_NAMES, uiText, type UserNames } from '../users/slack-text.js';
import { UserSerializer } from '../users/user.serializer.js';
import type { Action } from './action.entity.js';

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export const ActionSerializer = {
  /** `names` resolves `<@U…>` mentions in `details_ui`; load it once per page. */
  toDto(action: Action, names: UserNames = NO_NAMES): ActionDto {
    return {
      id: action.id,
      details: action.details,
      details_ui: uiText(action.details, names),
      done: action.done,
      user: UserSerializer.toDtoOrNull(action.user),
      created_date: action.createdDate.toISOString(),
      done_date: iso(action.doneDate),
      due_date: iso(action.dueDate),
      priority: action.priority,
      type: action.type,
      version: action.version,
      updated_by: UserSerializer.toDtoOrNull(action.updatedBy),
    };
  },

  /** The change-log payload: the action plus `incident_id`, without `details_ui`. */
  toEventPayload(action: Action): Record<string, unknown> {
    const { details_ui: _omit, ...rest } = ActionSerializer.toDto(action);
    return { ...rest, incident_id: action.incidentId };
  },
};
