import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { WebhookEvent } from '@response/contracts';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Action } from '../actions/action.entity.js';
import { ActionSerializer } from '../actions/action.serializer.js';
import {
  DomainEvents,
  type ActionChangedEvent,
  type IncidentChangedEvent,
  type StatusUpdatePostedEvent,
  type TimelineChangedEvent,
} from '../common/domain-events.js';
import { CONFIG, type Config } from '../config/config.js';
import { IncidentRepository } from '../incidents/incident.repository.js';
import { IncidentSerializer } from '../incidents/incident.serializer.js';
import { Incident } from '../incidents/incident.entity.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { TimelineEntry } from '../timeline/timeline-entry.entity.js';
import { StatusUpdate } from '../updates/status-update.entity.js';
import { toStatusUpdateDto } from '../updates/status-updates.service.js';
import { TimelineSerializer } from '../timeline/timeline.serializer.js';
import { UsersService } from '../users/users.service.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookEndpointRepository } from './webhook-endpoint.repository.js';
import { deliveryJob } from './webhook-jobs.js';

/** What an event carries: the object as `/core` returns it, and whether its incident is private. */
interface Subject {
  data: unknown;
  private: boolean;
}

const ACTION_EVENTS = {
  created: WebhookEvent.ActionCreated,
  updated: WebhookEvent.ActionUpdated,
  deleted: WebhookEvent.ActionDeleted,
} as const;

const TIMELINE_EVENTS = {
  created: WebhookEvent.TimelineCreated,
  updated: WebhookEvent.TimelineUpdated,
  deleted: WebhookEvent.TimelineDeleted,
} as const;

/**
 * Turns domain events into webhook deliveries, inside the transaction of the
 * change: one delivery per endpoint that receives the event (private incidents
 * only to endpoints with `include_private`), and one outbox job per delivery.
 * With no endpoint for an event, it costs one query.
 */
@Injectable()
export class WebhookDispatcher {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly outbox: OutboxService,
    private readonly incidents: IncidentRepository,
    private readonly users: UsersService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @OnEvent(DomainEvents.IncidentCreated, { suppressErrors: false })
  async onIncidentCreated(event: IncidentChangedEvent): Promise<void> {
    await this.incidentEvent(event, WebhookEvent.IncidentDeclared);
  }

  @OnEvent(DomainEvents.IncidentUpdated, { suppressErrors: false })
  async onIncidentUpdated(event: IncidentChangedEvent): Promise<void> {
    const type = event.closed
      ? WebhookEvent.IncidentClosed
      : event.reopened
        ? WebhookEvent.IncidentReopened
        : WebhookEvent.IncidentUpdated;
    await this.incidentEvent(event, type);
  }

  @OnEvent(DomainEvents.ActionChanged, { suppressErrors: false })
  async onActionChanged(event: ActionChangedEvent): Promise<void> {
    const m = event.manager;
    await this.record(m, ACTION_EVENTS[event.kind], event.incidentId, async () => {
      const action = await m.findOne(Action, {
        where: { id: event.actionId },
        relations: { user: true, updatedBy: true },
      });
      if (!action) return null;
      const names = await this.users.namesFor([action.details], m);
      return {
        data: ActionSerializer.toDto(action, names),
        private: await this.incidentIsPrivate(m, event.incidentId),
      };
    });
  }

  @OnEvent(DomainEvents.StatusUpdatePosted, { suppressErrors: false })
  async onStatusUpdatePosted(event: StatusUpdatePostedEvent): Promise<void> {
    const m = event.manager;
    await this.record(m, WebhookEvent.StatusUpdatePosted, event.incidentId, async () => {
      const update = await m.findOne(StatusUpdate, {
        where: { id: event.updateId },
        relations: { author: true },
      });
      if (!update) return null;
      return {
        data: toStatusUpdateDto(update),
        private: await this.incidentIsPrivate(m, event.incidentId),
      };
    });
  }

  @OnEvent(DomainEvents.TimelineChanged, { suppressErrors: false })
  async onTimelineChanged(event: TimelineChangedEvent): Promise<void> {
    const m = event.manager;
    await this.record(m, TIMELINE_EVENTS[event.kind], event.incidentId, async () => {
      const entry = await m.findOne(TimelineEntry, {
        where: { id: event.entryId },
        relations: { updatedBy: true },
      });
      if (!entry) return null;
      const names = await this.users.namesFor([entry.text], m);
      return {
        data: TimelineSerializer.toDto(entry, names),
        private: await this.incidentIsPrivate(m, event.incidentId),
      };
    });
  }

  private async incidentEvent(event: IncidentChangedEvent, type: WebhookEvent): Promise<void> {
    const m = event.manager;
    await this.record(m, type, event.incidentId, async () => {
      const incident = await this.incidents.findFull(event.incidentId, m);
      if (!incident) return null;
      const names = await this.users.namesFor(
        incident.actions.map((action) => action.details),
        m,
      );
      // The same JSON as `GET /core/incidents/:id`: roles and the update clock included.
      const data = IncidentSerializer.toDto(
        incident,
        names,
        this.config.incidentRoles,
        this.config.updates.cadence,
      );
      return { data, private: incident.private };
    });
  }

  private async incidentIsPrivate(m: EntityManager, incidentId: number): Promise<boolean> {
    const incident = await m.findOne(Incident, {
      where: { id: incidentId },
      select: { id: true, private: true },
    });
    return incident?.private ?? false;
  }

  private async record(
    m: EntityManager,
    type: WebhookEvent,
    incidentId: number,
    load: () => Promise<Subject | null>,
  ): Promise<void> {
    const subscribers = await this.endpoints.subscribers(m, type);
    if (subscribers.length === 0) return;
    const subject = await load();
    if (!subject) return;
    const targets = subscribers.filter((s) => !subject.private || s.includePrivate);
    if (targets.length === 0) return;
    const messageId = `msg_${randomUUID().replaceAll('-', '')}`;
    const body = JSON.stringify({
      type,
      timestamp: new Date().toISOString(),
      incident_id: incidentId,
      data: subject.data,
    });
    const ids = await this.deliveries.insert(
      m,
      targets.map((target) => ({
        endpointId: target.id,
        messageId,
        eventType: type,
        incidentId,
        body,
      })),
    );
    for (const id of ids) await this.outbox.push(m, deliveryJob(id, 'new'));
  }
}
