import {
  IncidentStatus,
  SEVERITY_TEXT,
  type IncidentDto,
  type IncidentRoleDto,
} from '@response/contracts';
import { ActionSerializer } from '../actions/action.serializer.js';
import type { IncidentRoleDefinition } from '../config/roles.config.js';
import { NO_CADENCE, type UpdateCadence } from '../config/updates.config.js';
import { NO_NAMES, type UserNames } from '../users/slack-text.js';
import { UserSerializer } from '../users/user.serializer.js';
import type { FullIncident, IncidentWithChannel } from './full-incident.js';
import type { Incident } from './incident.entity.js';
import type { IncidentRoleAssignment } from './incident-role.entity.js';
import { nextUpdateDue } from './update-due.js';

/** Fields of the API shape that are not the incident as saved: left out of the change log. */
type StatusUpdateFields = 'last_update_at' | 'next_update_due';

/** `reported` if report-only, `resolved` once closed, else `live`. */
export function incidentStatus(incident: Pick<Incident, 'reportOnly' | 'endTime'>): IncidentStatus {
  if (incident.reportOnly) return IncidentStatus.Reported;
  if (incident.endTime) return IncidentStatus.Resolved;
  return IncidentStatus.Live;
}

/** Whole seconds from start to end, or to `now` while open. */
export function incidentDuration(
  incident: Pick<Incident, 'startTime' | 'endTime'>,
  now = new Date(),
): number {
  const end = incident.endTime ?? now;
  return Math.max(0, Math.floor((end.getTime() - incident.startTime.getTime()) / 1000));
}

export const IncidentSerializer = {
  /**
   * The API shape. Expects reporter, lead, commsChannel, actions and roles (with
   * users) to be loaded; missing relations serialize as null / []. `roles` lists
   * every configured role, in order.
   */
  toDto(
    incident: FullIncident,
    names: UserNames = NO_NAMES,
    roles: readonly IncidentRoleDefinition[] = [],
    cadence: UpdateCadence = NO_CADENCE,
  ): IncidentDto {
    const due = nextUpdateDue(incident, incident.updateClock, cadence);
    return {
      ...IncidentSerializer.toEventPayload(incident),
      last_update_at: incident.updateClock?.lastUpdateAt?.toISOString() ?? null,
      next_update_due: due ? due.toISOString() : null,
      action_items: (incident.actions ?? []).map((action) => ActionSerializer.toDto(action, names)),
      roles: IncidentSerializer.rolesToDto(roles, incident.roles ?? []),
    };
  },

  /** Every configured role with its holder (null when none); holders of roles no longer configured are left out. */
  rolesToDto(
    roles: readonly IncidentRoleDefinition[],
    holders: readonly IncidentRoleAssignment[],
  ): IncidentRoleDto[] {
    return roles.map((role) => ({
      role: role.key,
      name: role.name,
      user: UserSerializer.toDtoOrNull(holders.find((h) => h.role === role.key)?.user),
    }));
  },

  /**
   * The change-log payload: the incident without `action_items` (actions log
   * their own events), without `roles` and without its status-update clock.
   */
  toEventPayload(
    incident: IncidentWithChannel,
  ): Omit<IncidentDto, 'action_items' | 'roles' | StatusUpdateFields> {
    return {
      id: incident.id,
      report: incident.report,
      reporter: UserSerializer.toDtoOrNull(incident.reporter),
      lead: UserSerializer.toDtoOrNull(incident.lead),
      report_time: incident.reportTime.toISOString(),
      report_only: incident.reportOnly,
      start_time: incident.startTime.toISOString(),
      end_time: incident.endTime ? incident.endTime.toISOString() : null,
      is_closed: incident.endTime !== null && incident.endTime !== undefined,
      summary: incident.summary,
      impact: incident.impact,
      severity: incident.severity,
      comms_channel: incident.commsChannel
        ? {
            channel_id: incident.commsChannel.channelId,
            channel_name: incident.commsChannel.channelName,
          }
        : null,
      private: incident.private,
      status: incidentStatus(incident),
      severity_text: incident.severity ? SEVERITY_TEXT[incident.severity] : null,
      duration: incidentDuration(incident),
      version: incident.version,
      updated_by: UserSerializer.toDtoOrNull(incident.updatedBy),
    };
  },
};
