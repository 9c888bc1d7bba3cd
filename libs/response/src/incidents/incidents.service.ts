import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  byMonthParams,
  IncidentStatus,
  Role,
  type CreateIncidentBody,
  type IncidentDto,
  type Paginated,
  type PatchIncidentBody,
} from '@response/contracts';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import type { RequestAccount } from '../auth/current-account.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import { limitOffsetPage, parseLimitOffset } from '../common/pagination.js';
import { parseOrThrow } from '../common/zod-validation.pipe.js';
import { sanitize } from '../common/sanitize.js';
import { inTransaction } from '../common/transaction.js';
import {
  VersionConflictError,
  VersionPrecondition,
  withCurrentOnConflict,
} from '../common/versioning.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { ChangeLogService } from '../changelog/change-log.service.js';
import { CONFIG, type Config } from '../config/config.js';
import { DomainEvents, type IncidentChangedEvent } from '../common/domain-events.js';
import { TimelineEntry } from '../timeline/timeline-entry.entity.js';
import { ExternalUser } from '../users/external-user.entity.js';
import { UsersService, type Actor } from '../users/users.service.js';
import type { FullIncident, IncidentWithChannel } from './full-incident.js';
import { Incident } from './incident.entity.js';
import { IncidentRepository } from './incident.repository.js';
import {
  ALL_INCIDENTS,
  viewerParams,
  visibleIncidentSql,
  type IncidentViewer,
} from './incident-visibility.js';
import {
  changeAuthor,
  checkTextLimits,
  incidentUpdateEntries,
  optionalText,
  planIncidentUpdate,
  type TrackedFields,
} from './incident-updates.js';
import { IncidentSerializer } from './incident.serializer.js';
import { containsPattern } from '../common/like-pattern.js';
import {
  createIncidentInput,
  incidentListFilter,
  updateIncidentInput,
  type CreateIncidentInput,
  type IncidentListFilter,
  type UpdateIncidentInput,
} from './incident-input.js';

/** Tries of a write that names no version, when others keep saving the incident in between. */
const MAX_WRITE_ATTEMPTS = 5;

export interface CloseResult {
  incident: FullIncident;
  alreadyClosed: boolean;
}

export interface IncidentPage {
  count: number;
  incidents: FullIncident[];
}

/** Incidents and their rules: sanitising, automatic timeline entries, change log, domain events. */
@Injectable()
export class IncidentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly repository: IncidentRepository,
    private readonly users: UsersService,
    private readonly changeLog: ChangeLogService,
    private readonly emitter: EventEmitter2,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Declares an incident. The caller resolves the reporter and lead to ids. */
  async create(
    input: CreateIncidentInput,
    actor: Actor = null,
    manager?: EntityManager,
  ): Promise<FullIncident> {
    checkTextLimits({ report: input.report ?? '', summary: input.summary, impact: input.impact });
    const report = sanitize(input.report ?? '');
    const summary = optionalText(input.summary) ?? null;
    const impact = optionalText(input.impact) ?? null;
    const now = new Date();
    return inTransaction(this.uow, manager, async (m) => {
      const by = await this.users.resolveActor(actor, m);
      const saved = await m.save(
        m.create(Incident, {
          report,
          summary,
          impact,
          reporterId: input.reporterId,
          leadId: input.leadId ?? null,
          severity: input.severity ?? null,
          reportOnly: input.reportOnly ?? false,
          private: input.private ?? false,
          reportTime: now,
          startTime: input.startTime ?? now,
          endTime: null,
          version: 1,
          updatedById: by.user?.id ?? null,
        }),
      );
      const incident = await this.findOne(saved.id, m);
      // Logged at the report time: a lead or severity given when declaring took no time.
      await this.changeLog.incidentSaved(m, incident, now);
      await this.emit(DomainEvents.IncidentCreated, {
        incidentId: incident.id,
        version: incident.version,
        changed: [],
        created: true,
        closed: false,
        reopened: false,
        actorExternalId: by.slackId,
        manager: m,
      });
      return incident;
    });
  }

  /**
   * Applies a partial update. Changes to lead, report, summary, impact and
   * severity, and closing or reopening, add timeline entries naming who made
   * them; every save bumps `version`, logs an Event (unless private) and
   * publishes `IncidentUpdated`. A patch that changes nothing saves nothing.
   *
   * The version check is the write itself (`UPDATE … WHERE version = n`). A
   * patch made on a version that is no longer current fails with
   * VersionConflictError. One that names no version (last write wins) first
   * locks the row, so it is planned on the newest state; should another write
   * still get in first, it is planned again.
   */
  async update(
    id: number,
    patch: UpdateIncidentInput,
    actor: Actor = null,
    manager?: EntityManager,
  ): Promise<FullIncident> {
    const expected = patch.expected ?? VersionPrecondition.NONE;
    return inTransaction(this.uow, manager, async (m) => {
      // A write that names no version waits for the one before it, so it never has to try again.
      if (!expected.given) await this.lockRow(m, id);
      const by = await this.users.resolveActor(actor, m);
      for (let attempt = 1; ; attempt++) {
        const incident = await this.findOne(id, m);
        if (!expected.holds(incident.version))
          throw new VersionConflictError('Incident', id, incident.version);

        let newLead: ExternalUser | null = incident.lead;
        if (patch.leadId !== undefined && patch.leadId !== incident.leadId) {
          newLead =
            patch.leadId === null
              ? null
              : await m.findOne(ExternalUser, { where: { id: patch.leadId } });
          if (patch.leadId !== null && !newLead)
            throw new ValidationError({ lead: `Unknown user ${patch.leadId}` });
        }
        const { next, changed } = planIncidentUpdate(incident, patch, newLead);
        if (changed.length === 0) return incident;

        const written = await this.repository.updateIfVersion(m, id, incident.version, {
          ...next,
          updatedById: by.user?.id ?? null,
        });
        if (!written) {
          if (attempt >= MAX_WRITE_ATTEMPTS)
            throw new ConflictError(
              `Incident ${id} is changing too fast to save this change: try again`,
            );
          continue;
        }

        const before: TrackedFields = { ...incident, lead: incident.lead };
        const after: TrackedFields = {
          report: next.report ?? incident.report,
          summary: next.summary !== undefined ? next.summary : incident.summary,
          impact: next.impact !== undefined ? next.impact : incident.impact,
          severity: next.severity ?? incident.severity,
          lead: newLead,
          endTime: next.endTime !== undefined ? next.endTime : incident.endTime,
        };
        // One instant for the save: its timeline entries, change log and history agree.
        const now = new Date();
        const entries = incidentUpdateEntries(before, after, changeAuthor(by.user, by.slackId));
        if (entries.length > 0) {
          await m.save(
            entries.map((e) =>
              Object.assign(new TimelineEntry(), {
                incidentId: id,
                timestamp: now,
                text: e.text,
                eventType: e.eventType,
                metadata: e.metadata,
                updatedById: by.user?.id ?? null,
              }),
            ),
          );
        }
        const saved = await this.findOne(id, m);
        await this.changeLog.incidentSaved(m, saved, now);
        await this.emit(DomainEvents.IncidentUpdated, {
          incidentId: id,
          version: saved.version,
          changed,
          created: false,
          closed: !incident.endTime && Boolean(saved.endTime),
          reopened: Boolean(incident.endTime) && !saved.endTime,
          actorExternalId: by.slackId,
          manager: m,
        });
        return saved;
      }
    });
  }

  /** Closes an incident now; closing a closed incident changes nothing. */
  async close(id: number, actor: Actor = null, manager?: EntityManager): Promise<CloseResult> {
    return inTransaction(this.uow, manager, async (m) => {
      // Locked, so that of two people closing at once the second finds it closed.
      const current = await this.lockRow(m, id);
      if (current.endTime) return { incident: await this.findOne(id, m), alreadyClosed: true };
      const now = new Date();
      const endTime = now < current.startTime ? current.startTime : now;
      return {
        incident: await this.update(id, { endTime }, actor, m),
        alreadyClosed: false,
      };
    });
  }

  /** Locks an incident's row for the rest of the transaction; 404 when there is none. */
  private async lockRow(m: EntityManager, id: number): Promise<Incident> {
    const row = await m.findOne(Incident, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!row) throw new NotFoundError('Incident', id);
    return row;
  }

  /** One incident with reporter, lead, comms channel and actions (with owners). */
  async findOne(id: number, manager?: EntityManager): Promise<FullIncident> {
    const incident = await this.repository.findFull(id, manager);
    if (!incident) throw new NotFoundError('Incident', id);
    return incident;
  }

  /** Newest first by report time. Three queries whatever the page size. */
  list(
    offset: number,
    limit: number,
    viewer: IncidentViewer = ALL_INCIDENTS,
    filter: IncidentListFilter = {},
  ): Promise<IncidentPage> {
    return this.page(applyListFilter(this.repository.withChannel(), filter), offset, limit, viewer);
  }

  /** Incidents reported in a calendar month (UTC), newest first. */
  byMonth(
    year: number,
    month: number,
    offset: number,
    limit: number,
    viewer: IncidentViewer = ALL_INCIDENTS,
    filter: IncidentListFilter = {},
  ): Promise<IncidentPage> {
    const start = new Date(Date.UTC(year, month - 1, 1));
    const end = new Date(Date.UTC(year, month, 1));
    const qb = this.repository
      .withChannel()
      .where('incident.reportTime >= :start AND incident.reportTime < :end', { start, end });
    return this.page(applyListFilter(qb, filter), offset, limit, viewer);
  }

  /** Serializes incidents, resolving mentions in their actions with one query. */
  async toDtos(incidents: FullIncident[]): Promise<IncidentDto[]> {
    const names = await this.users.namesFor(
      incidents.flatMap((i) => (i.actions ?? []).map((a) => a.details)),
    );
    return incidents.map((incident) =>
      IncidentSerializer.toDto(
        incident,
        names,
        this.config.incidentRoles,
        this.config.updates.cadence,
      ),
    );
  }

  async toDto(incident: FullIncident): Promise<IncidentDto> {
    return (await this.toDtos([incident]))[0];
  }

  // The `/core` API: snake_case bodies and query strings in, wire shapes out.

  /** `GET /core/incidents`: a page of the incidents the viewer may see, newest first. */
  async listFromApi(
    query: Record<string, unknown>,
    url: URL,
    viewer: IncidentViewer,
  ): Promise<Paginated<IncidentDto>> {
    const page = parseLimitOffset(query);
    const filter = incidentListFilter(query);
    const { count, incidents } = await this.list(page.offset, page.limit, viewer, filter);
    return limitOffsetPage(url, page, count, await this.toDtos(incidents));
  }

  /** `GET /core/incidents/bymonth/:year/:month`: the same list, within a calendar month. */
  async byMonthFromApi(
    params: { year: string; month: string },
    query: Record<string, unknown>,
    url: URL,
    viewer: IncidentViewer,
  ): Promise<Paginated<IncidentDto>> {
    const { year, month } = parseOrThrow(byMonthParams, params);
    const page = parseLimitOffset(query);
    const filter = incidentListFilter(query);
    const { count, incidents } = await this.byMonth(
      year,
      month,
      page.offset,
      page.limit,
      viewer,
      filter,
    );
    return limitOffsetPage(url, page, count, await this.toDtos(incidents));
  }

  /**
   * `POST /core/incidents`: the reporter is the caller unless the body names
   * one; people are named by `{app_id, external_id}`.
   */
  async createFromApi(
    body: CreateIncidentBody,
    account: RequestAccount | undefined,
  ): Promise<IncidentDto> {
    const caller = await this.users.forAccount(account);
    const reporter = body.reporter
      ? await this.users.resolveRef(body.reporter, 'reporter')
      : caller;
    if (!reporter) throw new ValidationError({ reporter: 'is required' });
    const lead = await this.users.resolveRef(body.lead, 'lead');
    const incident = await this.create(
      createIncidentInput(body, reporter.id, lead?.id ?? null),
      caller,
    );
    return this.toDto(incident);
  }

  /** `GET /core/incidents/:id`. */
  async getDto(id: number): Promise<IncidentDto> {
    return this.toDto(await this.findOne(id));
  }

  /**
   * `PUT` and `PATCH /core/incidents/:id`: a `lead` of null removes the lead.
   * With `If-Match` or a body `version` that is not current: 412 with the
   * incident as it is now.
   */
  async updateFromApi(
    id: number,
    body: PatchIncidentBody,
    account: RequestAccount | undefined,
    ifMatch?: string,
  ): Promise<IncidentDto> {
    const expected = VersionPrecondition.of(ifMatch, body.version);
    const current = await this.findOne(id);
    if (!expected.holds(current.version))
      throw Object.assign(new VersionConflictError('Incident', id, current.version), {
        current: await this.toDto(current),
      });
    const caller = await this.users.forAccount(account);
    const patch = { ...updateIncidentInput(body), expected };
    if (
      patch.private !== undefined &&
      patch.private !== current.private &&
      account?.role !== Role.Admin
    )
      throw new ForbiddenError('Only an admin can make an incident private or public');
    if (body.lead !== undefined)
      patch.leadId = body.lead ? (await this.users.resolveRef(body.lead, 'lead'))!.id : null;
    return withCurrentOnConflict(
      async () => this.toDto(await this.update(id, patch, caller)),
      () => this.getDto(id),
    );
  }

  private async page(
    qb: SelectQueryBuilder<IncidentWithChannel>,
    offset: number,
    limit: number,
    viewer: IncidentViewer,
  ): Promise<IncidentPage> {
    if (!viewer.admin)
      qb.andWhere(visibleIncidentSql('incident', ':me', ':web'), viewerParams(viewer));
    const count = await qb.clone().getCount();
    const incidents = await qb
      .orderBy('incident.reportTime', 'DESC')
      .addOrderBy('incident.id', 'DESC')
      .offset(offset)
      .limit(limit)
      .getMany();
    return { count, incidents: await this.repository.attachActions(incidents) };
  }

  private async emit(name: string, event: IncidentChangedEvent): Promise<void> {
    await this.emitter.emitAsync(name, event);
  }
}

/** Text is stored HTML-escaped (`R&amp;D`): a word is looked for as typed and as stored. */
function storedForm(word: string): string {
  return sanitize(word);
}

function applyListFilter<T extends Incident>(
  qb: SelectQueryBuilder<T>,
  filter: IncidentListFilter,
): SelectQueryBuilder<T> {
  if (filter.status === IncidentStatus.Reported) qb.andWhere('incident.reportOnly');
  else if (filter.status === IncidentStatus.Live)
    qb.andWhere('NOT incident.reportOnly AND incident.endTime IS NULL');
  else if (filter.status === IncidentStatus.Resolved)
    qb.andWhere('NOT incident.reportOnly AND incident.endTime IS NOT NULL');
  if (filter.severity === 'none') qb.andWhere('incident.severity IS NULL');
  else if (filter.severity)
    qb.andWhere('incident.severity = :severity', { severity: filter.severity });
  (filter.words ?? []).forEach((word, i) => {
    const forms = [...new Set([word, storedForm(word)])];
    const params: Record<string, string> = {};
    const clauses = forms.map((form, j) => {
      params[`w${i}_${j}`] = containsPattern(form);
      return `incident.report ILIKE :w${i}_${j} ESCAPE '\\' OR COALESCE(incident.summary, '') ILIKE :w${i}_${j} ESCAPE '\\'`;
    });
    qb.andWhere(`(${clauses.join(' OR ')})`, params);
  });
  return qb;
}
