import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Limits,
  TimelineEntryType,
  isBlankText,
  textLength,
  type CreateTimelineEntryBody,
  type Paginated,
  type PatchTimelineEntryBody,
  type TimelineEntryDto,
} from '@response/contracts';
import { DataSource, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import type { RequestAccount } from '../auth/current-account.js';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { limitOffsetPage, parseLimitOffset } from '../common/pagination.js';
import { sameText, sanitize } from '../common/sanitize.js';
import { inTransaction } from '../common/transaction.js';
import {
  VersionConflictError,
  VersionPrecondition,
  withCurrentOnConflict,
} from '../common/versioning.js';
import { updateIfVersion } from '../database/versioned-update.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { DomainEvents, type TimelineChangedEvent } from '../common/domain-events.js';
import { Incident } from '../incidents/incident.entity.js';
import { UsersService, type Actor } from '../users/users.service.js';
import { TimelineEntry } from './timeline-entry.entity.js';
import {
  createTimelineEntryInput,
  updateTimelineEntryInput,
  type CreateTimelineEntryInput,
  type UpdateTimelineEntryInput,
} from './timeline-input.js';
import { TimelineSerializer } from './timeline.serializer.js';

/** Tries of a write that names no version, when others keep saving the entry in between. */
const MAX_WRITE_ATTEMPTS = 5;

function cleanText(text: string, fromSlack = false): string {
  if (textLength(text) > Limits.timelineTextLength) {
    throw new ValidationError({ text: `must be at most ${Limits.timelineTextLength} characters` });
  }
  if (isBlankText(text)) throw new ValidationError({ text: 'must not be empty' });
  return sanitize(text, { slackMarkup: fromSlack });
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
    actor: Actor = null,
  ): Promise<TimelineEntry> {
    const text = cleanText(input.text ?? '', input.fromSlack);
    return inTransaction(this.uow, manager, async (m) => {
      await this.checkIncident(m, incidentId);
      const by = await this.users.resolveActor(actor, m);
      const saved = await m.save(
        m.create(TimelineEntry, {
          incidentId,
          timestamp: input.timestamp,
          text,
          eventType: input.eventType ?? TimelineEntryType.Text,
          metadata: input.metadata ?? null,
          version: 1,
          updatedById: by.user?.id ?? null,
        }),
      );
      await this.emit({ incidentId, entryId: saved.id, kind: 'created', manager: m });
      return this.findOne(incidentId, saved.id, m);
    });
  }

  /**
   * Applies the fields of `patch` that differ from the entry; a patch that
   * changes nothing saves nothing. The version check is the write itself, as
   * for incidents (see IncidentsService.update).
   */
  async update(
    incidentId: number,
    entryId: number,
    patch: UpdateTimelineEntryInput,
    manager?: EntityManager,
    actor: Actor = null,
  ): Promise<TimelineEntry> {
    const expected = patch.expected ?? VersionPrecondition.NONE;
    const text = patch.text !== undefined ? cleanText(patch.text, patch.fromSlack) : undefined;
    return inTransaction(this.uow, manager, async (m) => {
      // A write that names no version waits for the one before it, so it never has to try again.
      if (!expected.given)
        await m.findOne(TimelineEntry, {
          where: { id: entryId, incidentId },
          lock: { mode: 'pessimistic_write' },
        });
      const by = await this.users.resolveActor(actor, m);
      for (let attempt = 1; ; attempt++) {
        const event = await this.findOne(incidentId, entryId, m);
        if (!expected.holds(event.version))
          throw new VersionConflictError('Timeline event', entryId, event.version);
        const next: Partial<TimelineEntry> = {};
        // Text sent as it is stored (or typed again as it reads) keeps its Slack mentions.
        if (
          text !== undefined &&
          text !== event.text &&
          !(patch.text !== undefined && sameText(patch.text, event.text))
        )
          next.text = text;
        if (
          patch.timestamp !== undefined &&
          patch.timestamp.getTime() !== event.timestamp.getTime()
        )
          next.timestamp = patch.timestamp;
        if (patch.eventType !== undefined && patch.eventType !== event.eventType)
          next.eventType = patch.eventType;
        if (
          patch.metadata !== undefined &&
          JSON.stringify(patch.metadata) !== JSON.stringify(event.metadata)
        )
          next.metadata = patch.metadata;
        if (Object.keys(next).length === 0) return event;
        // JSON metadata is one value to write, not a nested entity.
        const changes = { ...next, updatedById: by.user?.id ?? null };
        const written = await updateIfVersion(
          m,
          TimelineEntry,
          entryId,
          event.version,
          changes as QueryDeepPartialEntity<TimelineEntry>,
        );
        if (written) {
          await this.emit({ incidentId, entryId, kind: 'updated', manager: m });
          return this.findOne(incidentId, entryId, m);
        }
        if (attempt >= MAX_WRITE_ATTEMPTS)
          throw new ConflictError(
            `Timeline event ${entryId} is changing too fast to save this change: try again`,
          );
      }
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
    const event = await m.findOne(TimelineEntry, {
      where: { id: entryId, incidentId },
      relations: { updatedBy: true },
    });
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
    return m.find(TimelineEntry, {
      where: { incidentId },
      relations: { updatedBy: true },
      order: { timestamp: 'ASC', id: 'ASC' },
    });
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
      relations: { updatedBy: true },
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
    account: RequestAccount | undefined,
  ): Promise<TimelineEntryDto> {
    const caller = await this.users.forAccount(account);
    return this.toDto(
      await this.create(incidentId, createTimelineEntryInput(body), undefined, caller),
    );
  }

  /** `GET` of one timeline entry. */
  async getDto(incidentId: number, entryId: number): Promise<TimelineEntryDto> {
    return this.toDto(await this.findOne(incidentId, entryId));
  }

  /**
   * `PUT` and `PATCH` of a timeline entry. With `If-Match` or a body `version`
   * that is not current: 412 with the entry as it is now.
   */
  async updateFromApi(
    incidentId: number,
    entryId: number,
    body: PatchTimelineEntryBody,
    account: RequestAccount | undefined,
    ifMatch: string | undefined,
  ): Promise<TimelineEntryDto> {
    const expected = VersionPrecondition.of(ifMatch, body.version);
    const current = await this.findOne(incidentId, entryId);
    if (!expected.holds(current.version))
      throw Object.assign(new VersionConflictError('Timeline event', entryId, current.version), {
        current: await this.toDto(current),
      });
    const caller = await this.users.forAccount(account);
    const patch = { ...updateTimelineEntryInput(body), expected };
    return withCurrentOnConflict(
      async () => this.toDto(await this.update(incidentId, entryId, patch, undefined, caller)),
      () => this.getDto(incidentId, entryId),
    );
  }

  private async checkIncident(m: EntityManager, incidentId: number): Promise<void> {
    if (!(await m.exists(Incident, { where: { id: incidentId } })))
      throw new NotFoundError('Incident', incidentId);
  }

  private async emit(event: TimelineChangedEvent): Promise<void> {
    await this.emitter.emitAsync(DomainEvents.TimelineChanged, event);
  }
}
