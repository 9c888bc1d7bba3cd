import type { UserDto } from '@response/contracts';
import type { ExternalUser } from './external-user.entity.js';

export const UserSerializer = {
  toDto(user: ExternalUser): UserDto {
    return {
      app_id: user.appId,
      external_id: user.externalId,
      display_name: user.displayName,
      full_name: user.fullName,
      email: user.email,
      deleted: user.deleted,
    };
  },

  toDtoOrNull(user: ExternalUser | null | undefined): UserDto | null {
    return user ? UserSerializer.toDto(user) : null;
  },
};
