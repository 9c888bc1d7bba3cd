import type {
  ActionPriority,
  ActionType,
  CreateActionBody,
  PatchActionBody,
} from '@response/contracts';
import type { VersionPrecondition } from '../common/versioning.js';

/**
 * What ActionsService takes, and how the `/core` API's snake_case bodies map
 * onto it. The owner arrives here already resolved to an id.
 */

export interface CreateActionInput {
  details: string;
  userId?: number | null;
  done?: boolean;
  dueDate?: Date | null;
  doneDate?: Date | null;
  priority?: ActionPriority | null;
  type?: ActionType | null;
  /**
   * The details were written in a Slack message: its Slack mark-up
   * (mentions, links) is kept. Text from anywhere else keeps it as typed.
   */
  fromSlack?: boolean;
}

export type UpdateActionInput = Partial<CreateActionInput> & {
  /** The version the change was made on; by default whatever is current (last write wins). */
  expected?: VersionPrecondition;
};

/** A new action from a `POST` body, owned by `userId`. */
export function createActionInput(
  body: CreateActionBody,
  userId: number | null,
): CreateActionInput {
  return { ...updateActionInput(body), details: body.details, userId };
}

/** The changes of a PUT or PATCH, but for the owner, which the caller resolves. */
export function updateActionInput(body: PatchActionBody): UpdateActionInput {
  return {
    details: body.details,
    done: body.done,
    dueDate: body.due_date,
    doneDate: body.done_date,
    priority: body.priority,
    type: body.type,
  };
}
