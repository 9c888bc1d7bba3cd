import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { setIncidentRoleSchema, type IncidentDto } from '@response/contracts';
import type { EntityManager } from 'typeorm';
import type { RequestAccount } from '../auth/current-account.js';
import {
  DomainEvents,
  type IncidentChangedEvent,
  type IncidentRoleChangedEvent,
} from '../common/domain-events.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { inTransaction } from '../common/transaction.js';
import { parseOrThrow } from '../common/zod-validation.pipe.js';
import { CONFIG, type Config } from '../config/config.js';
import type { IncidentRoleDefinition } from '../config/roles.config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { TimelineEntry } from '../timeline/timeline-entry.entity.js';
import { ExternalUser } from '../users/external-user.entity.js';
import { UsersService } from '../users/users.service.js';
import { Incident } from './incident.entity.js';
import { IncidentRoleAssignment } from './incident-role.entity.js';
import { IncidentRoleRepository } from './incident-role.repository.js';
import { findRole, roleChangeEntry, UnknownRoleError } from './incident-roles.js';
import { IncidentsService } from './incidents.service.js';

/** A configured role and who holds it. */
export interface RoleHolder {
  role: IncidentRoleDefinition;
  user: ExternalUser;
}

/**
 * The roles of an incident besides its lead (`INCIDENT_ROLES`). A change is
 * a change of the incident: its version goes up, the timeline says who took
 * the role and who made the change, and `IncidentRoleChanged` then
 * `IncidentUpdated` are published in the change's transaction (the Slack side
 * invites and tells the new holder from there). Roles are not part of the
 * change log's incident payload, so nothing is logged there.
 */
@Injectable()
export class IncidentRolesService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly uow: UnitOfWork,
    private readonly repository: IncidentRoleRepository,
    private readonly incidents: IncidentsService,
    private readonly users: UsersService,
    private readonly emitter: EventEmitter2,
  ) {}

  /** Every configured role, in order. */
  definitions(): readonly IncidentRoleDefinition[] {
    return this.config.incidentRoles;
  }

  /** The configured role with this key; UnknownRoleError (404) when there is none. */
  definition(key: string): IncidentRoleDefinition {
    const role = findRole(this.config.incidentRoles, key);
    if (!role) throw new UnknownRoleError(key, this.config.incidentRoles);
    return role;
  }

  /** Who holds the configured roles of an incident, in the configured order; unheld roles are left out. */
  async holders(incidentId: number, manager?: EntityManager): Promise<RoleHolder[]> {
    const rows = await this.repository.forIncident(incidentId, manager);
    return this.config.incidentRoles.flatMap((role) => {
      const row = rows.find((r) => r.role === role.key);
      return row ? [{ role, user: row.user }] : [];
    });
  }

  /**
   * Gives a role to a user (an ExternalUser id), or leaves it unheld with
   * null. Giving it to whoever holds it already changes nothing: false.
   */
  async assign(
    incidentId: number,
    key: string,
    userId: number | null,
    actor: ExternalUser | null,
    manager?: EntityManager,
  ): Promise<boolean> {
    const role = this.definition(key);
    return inTransaction(this.uow, manager, async (m) => {
      // The incident's row lock orders role changes with every other change of the incident.
      const incident = await m.findOne(Incident, {
        where: { id: incidentId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!incident) throw new NotFoundError('Incident', incidentId);
      const current = await m.findOne(IncidentRoleAssignment, {
        where: { incidentId, role: role.key },
        relations: { user: true },
      });
      if ((current?.userId ?? null) === userId) return false;
      const user =
        userId === null ? null : await m.findOne(ExternalUser, { where: { id: userId } });
      if (userId !== null && !user) throw new ValidationError({ user: `Unknown user ${userId}` });

      const now = new Date();
      if (user) await this.repository.assign(m, incidentId, role.key, user.id, now);
      else await this.repository.clear(m, incidentId, role.key);
      const version = incident.version + 1;
      await m.update(Incident, { id: incidentId }, { version });
      await m.save(
        Object.assign(new TimelineEntry(), {
          incidentId,
          timestamp: now,
          ...roleChangeEntry(role, current?.user ?? null, user, actor),
        }),
      );
      const actorExternalId = UsersService.actorId(actor);
      await this.emitter.emitAsync(DomainEvents.IncidentRoleChanged, {
        incidentId,
        version,
        role: role.key,
        roleName: role.name,
        userId: user?.id ?? null,
        previousUserId: current?.userId ?? null,
        actorExternalId,
        manager: m,
      } satisfies IncidentRoleChangedEvent);
      await this.emitter.emitAsync(DomainEvents.IncidentUpdated, {
        incidentId,
        version,
        changed: ['roles'],
        created: false,
        closed: false,
        reopened: false,
        actorExternalId,
        manager: m,
      } satisfies IncidentChangedEvent);
      return true;
    });
  }

  // The `/core` API.

  /** `PUT /core/incidents/:id/roles/:role`: `{"user": {...}}` takes it, `{"user": null}` gives it up. */
  async setFromApi(
    incidentId: number,
    key: string,
    body: unknown,
    account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    // An unknown role is a 404 whatever the body holds.
    const role = this.definition(key);
    const { user: ref } = parseOrThrow(setIncidentRoleSchema, body ?? {});
    const user = ref ? await this.users.resolveRef(ref, 'user') : null;
    const caller = await this.users.forAccount(account);
    await this.assign(incidentId, role.key, user?.id ?? null, caller);
    return this.incidents.getDto(incidentId);
  }

  /** `DELETE /core/incidents/:id/roles/:role`: nobody holds it any more. */
  async clearFromApi(
    incidentId: number,
    key: string,
    account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    const role = this.definition(key);
    const caller = await this.users.forAccount(account);
    await this.assign(incidentId, role.key, null, caller);
    return this.incidents.getDto(incidentId);
  }
}
