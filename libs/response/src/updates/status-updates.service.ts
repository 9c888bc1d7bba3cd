import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  isBlankText,
  Limits,
  textLength,
  TimelineEntryType,
  type CreateStatusUpdateBody,
  type Paginated,
  type StatusUpdateDto,
} from '@response/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import type { RequestAccount } from '../auth/current-account.js';
import {
  DomainEvents,
  type StatusUpdatePostedEvent,
  type UpdateClockChangedEvent,
} from '../common/domain-events.js';
import { NotFoundError, ValidationError } from '../common/errors.js';
import { limitOffsetPage, parseLimitOffset } from '../common/pagination.js';
import { sanitize } from '../common/sanitize.js';
import { inTransaction } from '../common/transaction.js';
import { CONFIG, type Config } from '../config/config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import type { IncidentWithChannel } from '../incidents/full-incident.js';
import { Incident } from '../incidents/incident.entity.js';
import { IncidentRepository } from '../incidents/incident.repository.js';
import { nextUpdateDue } from '../incidents/update-due.js';
import { TimelineService } from '../timeline/timeline.service.js';
import { UserSerializer } from '../users/user.serializer.js';
import { UsersService } from '../users/users.service.js';
import { StatusUpdate } from './status-update.entity.js';
import { UpdateClockRepository } from './update-clock.repository.js';

export interface PostStatusUpdateInput {
  /** As typed (Slack's escaping of `&`, `<`, `>` is fine: stored text is escaped once). */
  text: string;
  authorId: number | null;
  /** Written in a Slack message: its Slack mark-up (mentions, links) is kept. */
  fromSlack?: boolean;
  /**
   * Where it comes from when the same request can arrive twice (e.g. the Slack
   * message of `@incident update`): a second post with the key answers the first.
   */
  sourceKey?: string;
}

/** Checks an update's text as its writer typed it; the field is named `field` in errors. */
export function statusUpdateTextErrors(
  text: string,
  field = 'text',
): Record<string, string> | null {
  if (isBlankText(text)) return { [field]: 'must not be empty' };
  if (textLength(text) > Limits.statusUpdateLength)
    return { [field]: `must be at most ${Limits.statusUpdateLength} characters` };
  return null;
}

/**
 * Status updates for stakeholders and the clock they keep. Posting one stores
 * it, restarts the clock, adds an `update` entry to the timeline and publishes
 * `StatusUpdatePosted` in the same transaction, so whatever sends it on (the
 * Slack features) records its work atomically with it.
 */
@Injectable()
export class StatusUpdatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly uow: UnitOfWork,
    private readonly clocks: UpdateClockRepository,
    private readonly incidents: IncidentRepository,
    private readonly timeline: TimelineService,
    private readonly users: UsersService,
    private readonly emitter: EventEmitter2,
  ) {}

  async post(
    incidentId: number,
    input: PostStatusUpdateInput,
    manager?: EntityManager,
  ): Promise<StatusUpdate> {
    const invalid = statusUpdateTextErrors(input.text);
    if (invalid) throw new ValidationError(invalid);
    const typed = input.text.trim();
    const text = sanitize(typed, { slackMarkup: input.fromSlack ?? false });
    return inTransaction(this.uow, manager, async (m) => {
      // Shares the incident's lock with its updates: a severity change and an update apply in turn.
      const incident = await m.findOne(Incident, {
        where: { id: incidentId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!incident) throw new NotFoundError('Incident', incidentId);
      if (input.sourceKey) {
        const earlier = await m.findOne(StatusUpdate, { where: { sourceKey: input.sourceKey } });
        if (earlier) return earlier;
      }
      const postedAt = new Date();
      const saved = await m.save(
        m.create(StatusUpdate, {
          incidentId,
          authorId: input.authorId,
          text,
          postedAt,
          sourceKey: input.sourceKey ?? null,
        }),
      );
      await this.clocks.recordUpdate(m, incidentId, postedAt);
      const author = input.authorId === null ? null : await this.users.findById(input.authorId, m);
      await this.timeline.create(
        incidentId,
        {
          timestamp: postedAt,
          text: typed,
          fromSlack: input.fromSlack ?? false,
          eventType: TimelineEntryType.StatusUpdate,
          // Who posted it, as the automatic entries name who made a change.
          metadata: { status_update_id: saved.id, actor: UserSerializer.toDtoOrNull(author) },
        },
        m,
      );
      await this.emitter.emitAsync(DomainEvents.StatusUpdatePosted, {
        incidentId,
        updateId: saved.id,
        manager: m,
      } satisfies StatusUpdatePostedEvent);
      return saved;
    });
  }

  /** One update with its author; null when there is none. */
  findOne(id: number, manager?: EntityManager): Promise<StatusUpdate | null> {
    return (manager ?? this.dataSource.manager).findOne(StatusUpdate, {
      where: { id },
      relations: { author: true },
    });
  }

  /** The latest update of an incident, with its author; null before the first. */
  async latest(incidentId: number): Promise<StatusUpdate | null> {
    const [update] = await this.dataSource.manager.find(StatusUpdate, {
      where: { incidentId },
      relations: { author: true },
      order: { postedAt: 'DESC', id: 'DESC' },
      take: 1,
    });
    return update ?? null;
  }

  /** When the incident's next update is due as it stands (see `nextUpdateDue`). */
  dueOf(incident: IncidentWithChannel): Date | null {
    return nextUpdateDue(incident, incident.updateClock, this.config.updates.cadence);
  }

  /**
   * Moves the due time to `now + ms`, never earlier than it is already (an old
   * reminder's snooze cannot bring an update forward). Answers the new due time.
   */
  async snooze(incidentId: number, ms: number, now: Date): Promise<Date> {
    return this.uow.run(async (m) => {
      await m.findOne(Incident, { where: { id: incidentId }, lock: { mode: 'pessimistic_write' } });
      const incident = await this.incidents.findWithChannel(incidentId, m);
      if (!incident) throw new NotFoundError('Incident', incidentId);
      const due = this.dueOf(incident);
      if (!due || !incident.severity)
        throw new ValidationError({ snooze: 'No status update is due for this incident' });
      const until = new Date(Math.max(due.getTime(), now.getTime() + ms));
      await this.clocks.snooze(m, incidentId, until, incident.severity);
      await this.emitter.emitAsync(DomainEvents.UpdateClockChanged, {
        incidentId,
        manager: m,
      } satisfies UpdateClockChangedEvent);
      return until;
    });
  }

  /**
   * Claims the reminder of the incident's current due time (see
   * `UpdateClockRepository.claimReminder`): true for exactly one caller.
   */
  claimReminder(
    manager: EntityManager,
    incident: IncidentWithChannel,
    due: Date,
  ): Promise<boolean> {
    return this.clocks.claimReminder(manager, {
      incidentId: incident.id,
      due,
      lastUpdateAt: incident.updateClock?.lastUpdateAt ?? null,
      snoozedUntil: incident.updateClock?.snoozedUntil ?? null,
    });
  }

  /** Newest first: count and page in two queries. */
  async page(
    incidentId: number,
    offset: number,
    limit: number,
  ): Promise<{ count: number; updates: StatusUpdate[] }> {
    if (!(await this.dataSource.manager.exists(Incident, { where: { id: incidentId } })))
      throw new NotFoundError('Incident', incidentId);
    const [updates, count] = await this.dataSource.manager.findAndCount(StatusUpdate, {
      where: { incidentId },
      relations: { author: true },
      order: { postedAt: 'DESC', id: 'DESC' },
      skip: offset,
      take: limit,
    });
    return { count, updates };
  }

  // The `/core` API.

  /** `GET /core/incidents/:id/updates`: newest first (`?limit=&offset=`). */
  async listFromApi(
    incidentId: number,
    query: Record<string, unknown>,
    url: URL,
  ): Promise<Paginated<StatusUpdateDto>> {
    const page = parseLimitOffset(query);
    const { count, updates } = await this.page(incidentId, page.offset, page.limit);
    return limitOffsetPage(url, page, count, updates.map(toStatusUpdateDto));
  }

  /** `POST /core/incidents/:id/updates`: the caller is the author. */
  async createFromApi(
    incidentId: number,
    body: CreateStatusUpdateBody,
    account: RequestAccount | undefined,
  ): Promise<StatusUpdateDto> {
    const author = await this.users.forAccount(account);
    const saved = await this.post(incidentId, { text: body.text, authorId: author?.id ?? null });
    return toStatusUpdateDto({ ...saved, author });
  }
}

export function toStatusUpdateDto(update: StatusUpdate): StatusUpdateDto {
  return {
    id: update.id,
    text: update.text,
    author: UserSerializer.toDtoOrNull(update.author),
    posted_at: update.postedAt.toISOString(),
  };
}
