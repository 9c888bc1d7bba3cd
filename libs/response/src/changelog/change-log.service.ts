import { Injectable } from '@nestjs/common';
import { ChangeLogEntryType } from '@response/contracts';
import type { EntityManager } from 'typeorm';
import type { Action } from '../actions/action.entity.js';
import { ActionSerializer } from '../actions/action.serializer.js';
import type { IncidentWithChannel } from '../incidents/full-incident.js';
import { IncidentSerializer } from '../incidents/incident.serializer.js';
import { ChangeLogEntry } from './changelog-entry.entity.js';
import { IncidentHistoryRepository } from './incident-history.repository.js';

/**
 * The change log read by downstream consumers (`/core/events`): one ChangeLogEntry per
 * save of an incident or action, written in the caller's transaction. Private
 * incidents and their actions are never logged. Every incident save, private
 * or not, is also folded into the incident's history (`incident_history`:
 * when a lead and a severity were first set, when the severity was raised),
 * which insights read.
 */
@Injectable()
export class ChangeLogService {
  constructor(private readonly history: IncidentHistoryRepository) {}

  /**
   * Logs an incident save made at `at`; `incident` needs reporter, lead and
   * commsChannel loaded. Returns the change-log entry, or null for a private incident.
   */
  async incidentSaved(
    manager: EntityManager,
    incident: IncidentWithChannel,
    at = new Date(),
  ): Promise<ChangeLogEntry | null> {
    await this.history.record(manager, {
      incidentId: incident.id,
      at,
      hasLead: Boolean(incident.lead),
      severity: incident.severity,
    });
    if (incident.private) return null;
    return manager.save(
      manager.create(ChangeLogEntry, {
        timestamp: at,
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
