import { Injectable } from '@nestjs/common';
import { EventType } from '@response/contracts';
import type { EntityManager } from 'typeorm';
import type { Action } from '../actions/action.entity.js';
import { ActionSerializer } from '../actions/action.serializer.js';
import type { Incident } from '../incidents/incident.entity.js';
import { IncidentSerializer } from '../incidents/incident.serializer.js';
import { Event } from './event.entity.js';

/**
 * The change log read by downstream consumers (`/core/events`): one Event per
 * save of an incident or action, written in the caller's transaction. Private
 * incidents and their actions are never logged.
 */
@Injectable()
export class ChangeLogService {
  /** Logs an incident save; `incident` needs reporter, lead and commsChannel loaded. */
  async incidentSaved(manager: EntityManager, incident: Incident): Promise<Event | null> {
    if (incident.private) return null;
    return manager.save(
      manager.create(Event, {
        timestamp: new Date(),
        eventType: EventType.Incident,
        payload: { ...IncidentSerializer.toEventPayload(incident) },
      }),
    );
  }

  /** Logs an action save; `action` needs its user loaded. */
  async actionSaved(
    manager: EntityManager,
    action: Action,
    incidentPrivate: boolean,
  ): Promise<Event | null> {
    if (incidentPrivate) return null;
    return manager.save(
      manager.create(Event, {
        timestamp: new Date(),
        eventType: EventType.Action,
        payload: ActionSerializer.toEventPayload(action),
      }),
    );
  }
}
