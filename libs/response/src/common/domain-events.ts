import type { EntityManager } from 'typeorm';

/**
 * In-process domain events. They are emitted with `emitAsync` inside the
 * transaction of the change, and carry its EntityManager, so a listener can
 * record side effects (outbox rows) atomically with the change. A listener
 * that throws rolls the change back. A `deleted` action or timeline entry is
 * announced just before its row is deleted, so listeners can still read it.
 */
export const DomainEvents = {
  IncidentCreated: 'incident.created',
  IncidentUpdated: 'incident.updated',
  ActionChanged: 'action.changed',
  TimelineChanged: 'timeline.changed',
  /** Someone took, or gave up, a role besides the lead; `IncidentUpdated` follows for the incident. */
  IncidentRoleChanged: 'incident.role-changed',
  StatusUpdatePosted: 'status-update.posted',
  /** The status-update clock moved without an update (a snooze). */
  UpdateClockChanged: 'status-update.clock-changed',
} as const;

export interface IncidentChangedEvent {
  incidentId: number;
  /** The incident version after the change. */
  version: number;
  /**
   * Names of changed fields, among `report`, `summary`, `impact`, `lead`,
   * `severity`, `startTime`, `endTime`, `private` and `roles`, e.g.
   * `['severity', 'lead']`; empty for a creation.
   */
  changed: string[];
  created: boolean;
  /** True when this change closed the incident (end_time went from null to a value). */
  closed: boolean;
  reopened: boolean;
  /** Slack user id of whoever made the change, when known. */
  actorExternalId: string | null;
  manager: EntityManager;
}

export interface ActionChangedEvent {
  incidentId: number;
  actionId: number;
  kind: 'created' | 'updated' | 'deleted';
  manager: EntityManager;
}

export interface TimelineChangedEvent {
  incidentId: number;
  entryId: number;
  kind: 'created' | 'updated' | 'deleted';
  manager: EntityManager;
}

export interface IncidentRoleChangedEvent {
  incidentId: number;
  /** The incident version after the change. */
  version: number;
  /** The role's key and name (`comms`, `Comms lead`). */
  role: string;
  roleName: string;
  /** The ExternalUser who holds the role now; null when nobody does. */
  userId: number | null;
  previousUserId: number | null;
  /** Slack user id of whoever made the change, when known. */
  actorExternalId: string | null;
  manager: EntityManager;
}

export interface StatusUpdatePostedEvent {
  incidentId: number;
  /** The `status_update` row. */
  updateId: number;
  manager: EntityManager;
}

export interface UpdateClockChangedEvent {
  incidentId: number;
  manager: EntityManager;
}
