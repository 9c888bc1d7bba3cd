import type { EntityManager } from 'typeorm';
import type { ExternalUser } from './external-user.entity.js';

/** A user as a chat directory describes it. */
export interface DirectoryUser {
  external_id: string;
  display_name: string;
  full_name: string;
  email: string | null;
  deleted: boolean;
}

/**
 * Looks users up in the chat workspace (Slack's `users.info`). The Slack module
 * registers one at boot when Slack is configured; without it, unknown users are
 * a validation error.
 */
export interface UserDirectory {
  lookup(externalId: string): Promise<DirectoryUser | null>;
  /**
   * Keeps a user the chat app itself named (so they exist) without waiting on
   * it: stored at once, with their names filled in later. Runs in `manager`'s
   * transaction.
   */
  remember(externalId: string, manager: EntityManager): Promise<ExternalUser>;
}
