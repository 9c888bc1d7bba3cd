import type { AccountDto } from '@response/contracts';
import type { ExternalUser } from '../users/external-user.entity.js';
import { UserSerializer } from '../users/user.serializer.js';
import type { Account } from './account.entity.js';

/** An account with its linked Slack user, as the accounts API lists them. */
export interface AccountView {
  account: Account;
  user: ExternalUser | null;
  /** Whether failed logins currently slow it down or refuse it. */
  locked: boolean;
}

export const AccountSerializer = {
  toDto({ account, user, locked }: AccountView): AccountDto {
    return {
      id: account.id,
      username: account.username,
      role: account.role,
      disabled: account.disabledAt !== null,
      locked,
      user: UserSerializer.toDtoOrNull(user),
      created_at: account.createdAt.toISOString(),
    };
  },
};
