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
}
