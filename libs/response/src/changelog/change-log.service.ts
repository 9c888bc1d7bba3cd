import { Injectable } from '@nestjs/common';
import { ChangeLogEntryType } from '@response/contracts';
import type { EntityManager } from 'typeorm';
import type { Action } from '../actions/action.entity.js';
import { ActionSerializer } from '../actions/action.serializer.js';
import type { IncidentWithChannel } from '../incidents/full-incident.js';
import { IncidentSerializer } from '../incidents/incident.serializer.js';
import { ChangeLogEntry } from './changelog-entry.entity.js';

/**
 * The change log read by downstream consumers (`/core/events`): one ChangeLogEntry per
 * save of an incident or action, written in the caller's transaction. Private
 * incidents and their actions are never logged.
 */
@Injectable()
export class ChangeLogService {
  /** Logs an incident save; `incident` needs reporter, lead and commsChannel loaded. */
  async incidentSaved(
    manager: EntityManager,
    incident: IncidentWithChannel,
  ): Promise<ChangeLogEntry | null> {
    if (incident.private) return null;
    return manager.save(
      manager.create(ChangeLogEntry, {
        timestamp: new Date(),
        eventType: ChangeLogEntryType.Incident,
        payload: { ...IncidentSerializer.toEventPayload(incident) },
      }),
    );
  }

  /** Logs an action save; `action` needs its user loaded. */
  async actionSaved(
    manager: EntityManager,
    action: Action,
    incidentPrivate: boolean,
  ): Promise<ChangeLogEntry | null> {
    if (incidentPrivate) return null;
    return manager.save(
      manager.create(ChangeLogEntry, {
        timestamp: new Date(),
        eventType: ChangeLogEntryType.Action,
        payload: ActionSerializer.toEventPayload(action),
      }),
    );
  }
}
