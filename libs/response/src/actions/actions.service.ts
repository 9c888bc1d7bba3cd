import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  Limits,
  isBlankText,
  textLength,
  type ActionDto,
  type CreateActionBody,
  type Paginated,
  type PatchActionBody,
} from '@response/contracts';
import { DataSource, type EntityManager, type FindOptionsWhere } from 'typeorm';
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
import { ChangeLogService } from '../changelog/change-log.service.js';
import { DomainEvents, type ActionChangedEvent } from '../common/domain-events.js';
import { Incident } from '../incidents/incident.entity.js';
import {
  viewerParams,
  visibleIncidentSql,
  type IncidentViewer,
} from '../incidents/incident-visibility.js';
import { UsersService, type Actor } from '../users/users.service.js';
import { Action } from './action.entity.js';
import {
  createActionInput,
  updateActionInput,
  type CreateActionInput,
  type UpdateActionInput,
} from './action-input.js';
import { ActionSerializer } from './action.serializer.js';

/** Where an action is looked up: anywhere, or only under one incident (nested routes). */
export interface ActionScope {
  incidentId?: number;
  /** Lists leave out the actions of incidents this viewer may not see (default: sees all). */
  viewer?: IncidentViewer;
}

/** Tries of a write that names no version, when others keep saving the action in between. */
const MAX_WRITE_ATTEMPTS = 5;

const sameTime = (a: Date | null, b: Date | null) =>
  (a?.getTime() ?? null) === (b?.getTime() ?? null);

/** The columns a patch changes (details already cleaned); fields given with their current value are left out. */
function actionChanges(action: Action, patch: UpdateActionInput): Partial<Action> {
  const next: Partial<Action> = {};
  if (patch.details !== undefined && patch.details !== action.details) next.details = patch.details;
  if (patch.userId !== undefined && patch.userId !== action.userId) next.userId = patch.userId;
  if (patch.dueDate !== undefined && !sameTime(patch.dueDate, action.dueDate))
    next.dueDate = patch.dueDate;
  if (patch.priority !== undefined && patch.priority !== action.priority)
    next.priority = patch.priority;
  if (patch.type !== undefined && patch.type !== action.type) next.type = patch.type;
  if (patch.done !== undefined && patch.done !== action.done) {
    next.done = patch.done;
    next.doneDate = patch.done ? new Date() : null;
  }
  if (
    patch.doneDate !== undefined &&
    (patch.done ?? action.done) &&
    !sameTime(patch.doneDate, next.doneDate !== undefined ? next.doneDate : action.doneDate)
  )
    next.doneDate = patch.doneDate;
  return next;
}

function cleanDetails(details: string, fromSlack = false): string {
  if (textLength(details) > Limits.actionDetailsLength) {
    throw new ValidationError({
      details: `must be at most ${Limits.actionDetailsLength} characters`,
    });
  }
  if (isBlankText(details)) throw new ValidationError({ details: 'must not be empty' });
  return sanitize(details, { slackMarkup: fromSlack });
}

/** Follow-up actions of incidents. Every save is logged (unless the incident is private) and published. */
@Injectable()
export class ActionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly users: UsersService,
    private readonly changeLog: ChangeLogService,
    private readonly emitter: EventEmitter2,
  ) {}

  async create(
    incidentId: number,
    input: CreateActionInput,
    manager?: EntityManager,
    actor: Actor = null,
  ): Promise<Action> {
    const details = cleanDetails(input.details ?? '', input.fromSlack);
    return inTransaction(this.uow, manager, async (m) => {
      const incident = await this.incident(m, incidentId);
      const by = await this.users.resolveActor(actor, m);
      const done = input.done ?? false;
      const saved = await m.save(
        m.create(Action, {
          incidentId,
          details,
          userId: input.userId ?? null,
          done,
          doneDate: done ? (input.doneDate ?? new Date()) : null,
          dueDate: input.dueDate ?? null,
          createdDate: new Date(),
          priority: input.priority ?? null,
          type: input.type ?? null,
          version: 1,
          updatedById: by.user?.id ?? null,
        }),
      );
      return this.saved(m, saved.id, incident, 'created');
    });
  }

  /**
   * Applies the fields of `patch` that differ from the action; a patch that
   * changes nothing saves nothing. The version check is the write itself, as
   * for incidents (see IncidentsService.update).
   */
  async update(
    id: number,
    patch: UpdateActionInput,
    scope: ActionScope = {},
    actor: Actor = null,
    manager?: EntityManager,
  ): Promise<Action> {
    const expected = patch.expected ?? VersionPrecondition.NONE;
    const details =
      patch.details !== undefined ? cleanDetails(patch.details, patch.fromSlack) : undefined;
    return inTransaction(this.uow, manager, async (m) => {
      // A write that names no version waits for the one before it, so it never has to try again.
      if (!expected.given)
        await m.findOne(Action, {
          where: this.where(id, scope),
          lock: { mode: 'pessimistic_write' },
        });
      const by = await this.users.resolveActor(actor, m);
      for (let attempt = 1; ; attempt++) {
        const action = await m.findOne(Action, { where: this.where(id, scope) });
        if (!action) throw new NotFoundError('Action', id);
        if (!expected.holds(action.version))
          throw new VersionConflictError('Action', id, action.version);
        // Details sent as they are stored (or typed again as they read) keep their Slack mentions.
        const same = patch.details !== undefined && sameText(patch.details, action.details);
        const next = actionChanges(action, { ...patch, details: same ? action.details : details });
        if (Object.keys(next).length === 0) return this.findOne(id, {}, m);
        const incident = await this.incident(m, action.incidentId);
        const written = await updateIfVersion(m, Action, id, action.version, {
          ...next,
          updatedById: by.user?.id ?? null,
        });
        if (written) return this.saved(m, id, incident, 'updated');
        if (attempt >= MAX_WRITE_ATTEMPTS)
          throw new ConflictError(
            `Action ${id} is changing too fast to save this change: try again`,
          );
      }
    });
  }

  async remove(id: number, scope: ActionScope = {}, manager?: EntityManager): Promise<void> {
    await inTransaction(this.uow, manager, async (m) => {
      const action = await m.findOne(Action, {
        where: this.where(id, scope),
        lock: { mode: 'pessimistic_write' },
      });
      if (!action) throw new NotFoundError('Action', id);
      // Told before the row goes, so that listeners can still read what is deleted.
      await this.emit({ incidentId: action.incidentId, actionId: id, kind: 'deleted', manager: m });
      await m.delete(Action, { id });
    });
  }

  async findOne(id: number, scope: ActionScope = {}, manager?: EntityManager): Promise<Action> {
    const action = await (manager ?? this.dataSource.manager).findOne(Action, {
      where: this.where(id, scope),
      relations: { user: true, updatedBy: true },
    });
    if (!action) throw new NotFoundError('Action', id);
    return action;
  }

  /** A page of actions (oldest first), all or of one incident: two queries. */
  async list(
    scope: ActionScope,
    offset: number,
    limit: number,
  ): Promise<{ count: number; actions: Action[] }> {
    if (scope.incidentId !== undefined)
      await this.incident(this.dataSource.manager, scope.incidentId);
    const qb = this.dataSource.manager
      .createQueryBuilder(Action, 'action')
      .leftJoinAndSelect('action.user', 'user')
      .leftJoinAndSelect('action.updatedBy', 'updatedBy')
      .orderBy('action.id', 'ASC')
      // Every join is many-to-one, so LIMIT pages actions without a separate id query.
      .offset(offset)
      .limit(limit);
    if (scope.incidentId !== undefined)
      qb.andWhere('action.incidentId = :incidentId', { incidentId: scope.incidentId });
    if (scope.viewer && !scope.viewer.admin) {
      qb.innerJoin('action.incident', 'incident').andWhere(
        visibleIncidentSql('incident', ':me', ':web'),
        viewerParams(scope.viewer),
      );
    }
    const [actions, count] = await qb.getManyAndCount();
    return { count, actions };
  }

  /** Serializes actions, resolving mentions with one query. */
  async toDtos(actions: Action[]): Promise<ActionDto[]> {
    const names = await this.users.namesFor(actions.map((a) => a.details));
    return actions.map((action) => ActionSerializer.toDto(action, names));
  }

  async toDto(action: Action): Promise<ActionDto> {
    return (await this.toDtos([action]))[0];
  }

  // The `/core` API: snake_case bodies and query strings in, wire shapes out.

  /** `GET` of an action list: a page (`?limit=&offset=`), oldest first. */
  async listFromApi(
    scope: ActionScope,
    query: Record<string, unknown>,
    url: URL,
  ): Promise<Paginated<ActionDto>> {
    const page = parseLimitOffset(query);
    const { count, actions } = await this.list(scope, page.offset, page.limit);
    return limitOffsetPage(url, page, count, await this.toDtos(actions));
  }

  /**
   * `POST` of an action: the owner is `user` (`{app_id, external_id}`, or null
   * for none), by default the caller.
   */
  async createFromApi(
    incidentId: number,
    body: CreateActionBody,
    account: RequestAccount | undefined,
  ): Promise<ActionDto> {
    const owner =
      body.user === undefined
        ? await this.users.forAccount(account)
        : await this.users.resolveRef(body.user, 'user');
    const caller = await this.users.forAccount(account);
    return this.toDto(
      await this.create(incidentId, createActionInput(body, owner?.id ?? null), undefined, caller),
    );
  }

  /** `GET` of one action. */
  async getDto(id: number, scope: ActionScope = {}): Promise<ActionDto> {
    return this.toDto(await this.findOne(id, scope));
  }

  /**
   * `PUT` and `PATCH` of an action: a `user` of null leaves it without an
   * owner. With `If-Match` or a body `version` that is not current: 412 with
   * the action as it is now.
   */
  async updateFromApi(
    id: number,
    body: PatchActionBody,
    account: RequestAccount | undefined,
    ifMatch: string | undefined,
    scope: ActionScope = {},
  ): Promise<ActionDto> {
    const expected = VersionPrecondition.of(ifMatch, body.version);
    const current = await this.findOne(id, scope);
    if (!expected.holds(current.version))
      throw Object.assign(new VersionConflictError('Action', id, current.version), {
        current: await this.toDto(current),
      });
    const patch: UpdateActionInput = { ...updateActionInput(body), expected };
    if (body.user !== undefined)
      patch.userId = (await this.users.resolveRef(body.user, 'user'))?.id ?? null;
    const caller = await this.users.forAccount(account);
    return withCurrentOnConflict(
      async () => this.toDto(await this.update(id, patch, scope, caller)),
      () => this.getDto(id, scope),
    );
  }

  private where(id: number, scope: ActionScope): FindOptionsWhere<Action> {
    return scope.incidentId !== undefined ? { id, incidentId: scope.incidentId } : { id };
  }

  private async incident(m: EntityManager, id: number): Promise<Incident> {
    const incident = await m.findOne(Incident, { where: { id } });
    if (!incident) throw new NotFoundError('Incident', id);
    return incident;
  }

  private async saved(
    m: EntityManager,
    id: number,
    incident: Incident,
    kind: 'created' | 'updated',
  ): Promise<Action> {
    const action = await this.findOne(id, {}, m);
    await this.changeLog.actionSaved(m, action, incident.private);
    await this.emit({ incidentId: incident.id, actionId: id, kind, manager: m });
    return action;
  }

  private async emit(event: ActionChangedEvent): Promise<void> {
    await this.emitter.emitAsync(DomainEvents.ActionChanged, event);
  }
}
