import { IncidentUpdateType, TimelineEntryType } from '@response/contracts';
import { DomainError } from '../common/errors.js';
import { sanitize } from '../common/sanitize.js';
import type { IncidentRoleDefinition } from '../config/roles.config.js';
import type { ExternalUser } from '../users/external-user.entity.js';
import { UserSerializer } from '../users/user.serializer.js';

/** A role that `INCIDENT_ROLES` does not define: 404, naming the roles there are. */
export class UnknownRoleError extends DomainError {
  readonly status = 404;
  readonly error = 'Not Found';

  constructor(key: string, roles: readonly IncidentRoleDefinition[]) {
    const known = roles.map((role) => role.key).join(', ') || 'none';
    super(`Role ${JSON.stringify(key.slice(0, 50))} not found (the roles are: ${known})`);
  }
}

/** The configured role with this key, or undefined. */
export function findRole(
  roles: readonly IncidentRoleDefinition[],
  key: string,
): IncidentRoleDefinition | undefined {
  return roles.find((role) => role.key === key);
}

const name = (user: ExternalUser): string => user.displayName || user.fullName || user.externalId;

/**
 * The timeline entry of a role change: `Comms lead: Alice, by Bob`, or
 * `Comms lead: nobody (was Alice), by Bob` when the role is given up.
 */
export function roleChangeEntry(
  role: IncidentRoleDefinition,
  before: ExternalUser | null,
  after: ExternalUser | null,
  actor: ExternalUser | null,
) {
  const who = after ? name(after) : before ? `nobody (was ${name(before)})` : 'nobody';
  const by = actor ? `, by ${name(actor)}` : '';
  return {
    text: sanitize(`${role.name}: ${who}${by}`),
    eventType: TimelineEntryType.IncidentUpdate,
    metadata: {
      update_type: IncidentUpdateType.Role,
      role: role.key,
      role_name: role.name,
      old_value: UserSerializer.toDtoOrNull(before),
      new_value: UserSerializer.toDtoOrNull(after),
      by: UserSerializer.toDtoOrNull(actor),
    },
  };
}
