import type { Action } from '../actions/action.entity.js';
import type { CommsChannel } from './comms-channel.entity.js';
import type { Incident } from './incident.entity.js';
import type { IncidentRoleAssignment } from './incident-role.entity.js';
import type { UpdateClock } from './update-clock.entity.js';

/**
 * An incident with what its API shape shows besides its own columns: the comms
 * channel, the actions (with owners) and who holds its roles. The satellites point at the incident,
 * never the other way, so the entities form no import circle.
 */
export type FullIncident = Incident & {
  commsChannel: CommsChannel | null;
  updateClock?: UpdateClock | null;
  actions: Action[];
  roles: IncidentRoleAssignment[];
};

/** An incident with its comms channel loaded (actions not needed). */
export type IncidentWithChannel = Incident & {
  commsChannel: CommsChannel | null;
  /** The status-update clock, when one was started (see `update-due.ts`). */
  updateClock?: UpdateClock | null;
};
