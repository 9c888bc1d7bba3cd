import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { Limits, TimelineEventType, textLength, type TimelineEventDto } from '@response/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { sanitize } from '../common/sanitize.js';
import { inTransaction } from '../common/transaction.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainEvents, type TimelineChangedEvent } from '../events/domain-events.js';
import { Incident } from '../incidents/incident.entity.js';
import { UsersService } from '../users/users.service.js';
import { TimelineEvent } from './timeline-event.entity.js';
import { TimelineSerializer } from './timeline.serializer.js';

export interface CreateTimelineEventInput {
  timestamp: Date;
  text: string;
  eventType?: string;
  metadata?: Record<string, unknown> | null;
}

export type UpdateTimelineEventInput = Partial<CreateTimelineEventInput>;

function cleanText(text: string): string {
  if (textLength(text) > Limits.timelineTextLength) {
    throw new ValidationError({ text: `must be at most ${Limits.timelineTextLength} characters` });
  }
  const clean = sanitize(text);
  if (clean.trim() === '') throw new ValidationError({ text: 'must not be empty' });
  return clean;
}

/**
 * Timeline entries of incidents. Every method takes an optional EntityManager
 * so a caller can make the change part of its own transaction.
 */
@Injectable()
export class TimelineService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly users: UsersService,
    private readonly emitter: EventEmitter2,
  ) {}

  async create(
    incidentId: number,
    input: CreateTimelineEventInput,
    manager?: EntityManager,
  ): Promise<TimelineEvent> {
    const text = cleanText(input.text ?? '');
    return inTransaction(this.uow, manager, async (m) => {
      await this.checkIncident(m, incidentId);
      const saved = await m.save(
        m.create(TimelineEvent, {
          incidentId,
          timestamp: input.timestamp,
          text,
          eventType: input.eventType ?? TimelineEventType.Text,
          metadata: input.metadata ?? null,
        }),
      );
      await this.emit({ incidentId, eventId: saved.id, kind: 'created', manager: m });
      return saved;
    });
  }

  async update(
    incidentId: number,
    eventId: number,
    patch: UpdateTimelineEventInput,
    manager?: EntityManager,
  ): Promise<TimelineEvent> {
    return inTransaction(this.uow, manager, async (m) => {
      const event = await this.findOne(incidentId, eventId, m);
      if (patch.text !== undefined) event.text = cleanText(patch.text);
      if (patch.timestamp !== undefined) event.timestamp = patch.timestamp;
      if (patch.eventType !== undefined) event.eventType = patch.eventType;
      if (patch.metadata !== undefined) event.metadata = patch.metadata;
      const saved = await m.save(event);
      await this.emit({ incidentId, eventId, kind: 'updated', manager: m });
      return saved;
    });
  }

  async remove(incidentId: number, eventId: number, manager?: EntityManager): Promise<void> {
    await inTransaction(this.uow, manager, async (m) => {
      await this.findOne(incidentId, eventId, m);
      await m.delete(TimelineEvent, { id: eventId });
      await this.emit({ incidentId, eventId, kind: 'deleted', manager: m });
    });
  }

  /** One entry; 404 when it does not belong to the incident. */
  async findOne(
    incidentId: number,
    eventId: number,
    manager?: EntityManager,
  ): Promise<TimelineEvent> {
    const m = manager ?? this.dataSource.manager;
    const event = await m.findOne(TimelineEvent, { where: { id: eventId, incidentId } });
    if (!event) {
      await this.checkIncident(m, incidentId);
      throw new NotFoundError('Timeline event', eventId);
    }
    return event;
  }

  /** The whole timeline of an incident, in time order. */
  async list(incidentId: number, manager?: EntityManager): Promise<TimelineEvent[]> {
    const m = manager ?? this.dataSource.manager;
    await this.checkIncident(m, incidentId);
    return m.find(TimelineEvent, { where: { incidentId }, order: { timestamp: 'ASC', id: 'ASC' } });
  }

  /** A page of the timeline, in time order: three queries. */
  async listPage(
    incidentId: number,
    offset: number,
    limit: number,
  ): Promise<{ count: number; events: TimelineEvent[] }> {
    const m = this.dataSource.manager;
    await this.checkIncident(m, incidentId);
    const [events, count] = await m.findAndCount(TimelineEvent, {
      where: { incidentId },
      order: { timestamp: 'ASC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { count, events };
  }

  /** Serializes entries, resolving mentions with one query. */
  async toDtos(events: TimelineEvent[]): Promise<TimelineEventDto[]> {
    const names = await this.users.namesFor(events.map((e) => e.text));
    return events.map((event) => TimelineSerializer.toDto(event, names));
  }

  async toDto(event: TimelineEvent): Promise<TimelineEventDto> {
    return (await this.toDtos([event]))[0];
  }

  private async checkIncident(m: EntityManager, incidentId: number): Promise<void> {
    if (!(await m.exists(Incident, { where: { id: incidentId } })))
      throw new NotFoundError('Incident', incidentId);
  }

  private async emit(event: TimelineChangedEvent): Promise<void> {
    await this.emitter.emitAsync(DomainEvents.TimelineChanged, event);
  }
}
