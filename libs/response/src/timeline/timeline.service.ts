import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Limits,
  TimelineEntryType,
  textLength,
  type CreateTimelineEntryBody,
  type Paginated,
  type PatchTimelineEntryBody,
  type TimelineEntryDto,
} from '@response/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { limitOffsetPage, parseLimitOffset } from '../common/pagination.js';
import { sanitize } from '../common/sanitize.js';
import { inTransaction } from '../common/transaction.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainEvents, type TimelineChangedEvent } from '../common/domain-events.js';
import { Incident } from '../incidents/incident.entity.js';
import { UsersService } from '../users/users.service.js';
import { TimelineEntry } from './timeline-entry.entity.js';
import {
  createTimelineEntryInput,
  updateTimelineEntryInput,
  type CreateTimelineEntryInput,
  type UpdateTimelineEntryInput,
} from './timeline-input.js';
import { TimelineSerializer } from './timeline.serializer.js';

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
    input: CreateTimelineEntryInput,
    manager?: EntityManager,
  ): Promise<TimelineEntry> {
    const text = cleanText(input.text ?? '');
    return inTransaction(this.uow, manager, async (m) => {
      await this.checkIncident(m, incidentId);
      const saved = await m.save(
        m.create(TimelineEntry, {
          incidentId,
          timestamp: input.timestamp,
          text,
          eventType: input.eventType ?? TimelineEntryType.Text,
          metadata: input.metadata ?? null,
        }),
      );
      await this.emit({ incidentId, entryId: saved.id, kind: 'created', manager: m });
      return saved;
    });
  }

  async update(
    incidentId: number,
    entryId: number,
    patch: UpdateTimelineEntryInput,
    manager?: EntityManager,
  ): Promise<TimelineEntry> {
    return inTransaction(this.uow, manager, async (m) => {
      const event = await this.findOne(incidentId, entryId, m);
      if (patch.text !== undefined) event.text = cleanText(patch.text);
      if (patch.timestamp !== undefined) event.timestamp = patch.timestamp;
      if (patch.eventType !== undefined) event.eventType = patch.eventType;
      if (patch.metadata !== undefined) event.metadata = patch.metadata;
      const saved = await m.save(event);
      await this.emit({ incidentId, entryId, kind: 'updated', manager: m });
      return saved;
    });
  }

  async remove(incidentId: number, entryId: number, manager?: EntityManager): Promise<void> {
    await inTransaction(this.uow, manager, async (m) => {
      await this.findOne(incidentId, entryId, m);
      // Told before the row goes, so that listeners can still read what is deleted.
      await this.emit({ incidentId, entryId, kind: 'deleted', manager: m });
      await m.delete(TimelineEntry, { id: entryId });
    });
  }

  /** One entry; 404 when it does not belong to the incident. */
  async findOne(
    incidentId: number,
    entryId: number,
    manager?: EntityManager,
  ): Promise<TimelineEntry> {
    const m = manager ?? this.dataSource.manager;
    const event = await m.findOne(TimelineEntry, { where: { id: entryId, incidentId } });
    if (!event) {
      await this.checkIncident(m, incidentId);
      throw new NotFoundError('Timeline event', entryId);
    }
    return event;
  }

  /** The whole timeline of an incident, in time order. */
  async list(incidentId: number, manager?: EntityManager): Promise<TimelineEntry[]> {
    const m = manager ?? this.dataSource.manager;
    await this.checkIncident(m, incidentId);
    return m.find(TimelineEntry, { where: { incidentId }, order: { timestamp: 'ASC', id: 'ASC' } });
  }

  /** A page of the timeline, in time order: three queries. */
  async listPage(
    incidentId: number,
    offset: number,
    limit: number,
  ): Promise<{ count: number; events: TimelineEntry[] }> {
    const m = this.dataSource.manager;
    await this.checkIncident(m, incidentId);
    const [events, count] = await m.findAndCount(TimelineEntry, {
      where: { incidentId },
      order: { timestamp: 'ASC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { count, events };
  }

  /** Serializes entries, resolving mentions with one query. */
  async toDtos(events: TimelineEntry[]): Promise<TimelineEntryDto[]> {
    const names = await this.users.namesFor(events.map((e) => e.text));
    return events.map((event) => TimelineSerializer.toDto(event, names));
  }

  async toDto(event: TimelineEntry): Promise<TimelineEntryDto> {
    return (await this.toDtos([event]))[0];
  }

  // The `/core` API: snake_case bodies and query strings in, wire shapes out.

  /** `GET` of a timeline: a page (`?limit=&offset=`), in time order. */
  async listFromApi(
    incidentId: number,
    query: Record<string, unknown>,
    url: URL,
  ): Promise<Paginated<TimelineEntryDto>> {
    const page = parseLimitOffset(query);
    const { count, events } = await this.listPage(incidentId, page.offset, page.limit);
    return limitOffsetPage(url, page, count, await this.toDtos(events));
  }

  /** `POST` of a timeline entry. */
  async createFromApi(
    incidentId: number,
    body: CreateTimelineEntryBody,
  ): Promise<TimelineEntryDto> {
    return this.toDto(await this.create(incidentId, createTimelineEntryInput(body)));
  }

  /** `GET` of one timeline entry. */
  async getDto(incidentId: number, entryId: number): Promise<TimelineEntryDto> {
    return this.toDto(await this.findOne(incidentId, entryId));
  }

  /** `PUT` and `PATCH` of a timeline entry. */
  async updateFromApi(
    incidentId: number,
    entryId: number,
    body: PatchTimelineEntryBody,
  ): Promise<TimelineEntryDto> {
    return this.toDto(await this.update(incidentId, entryId, updateTimelineEntryInput(body)));
  }

  private async checkIncident(m: EntityManager, incidentId: number): Promise<void> {
    if (!(await m.exists(Incident, { where: { id: incidentId } })))
      throw new NotFoundError('Incident', incidentId);
  }

  private async emit(event: TimelineChangedEvent): Promise<void> {
    await this.emitter.emitAsync(DomainEvents.TimelineChanged, event);
  }
}
