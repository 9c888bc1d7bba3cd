import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  In,
  type EntityManager,
  type QueryDeepPartialEntity,
  type SelectQueryBuilder,
} from 'typeorm';
import { Action } from '../actions/action.entity.js';
import { updateIfVersion } from '../database/versioned-update.js';
import { CommsChannel } from './comms-channel.entity.js';
import type { FullIncident, IncidentWithChannel } from './full-incident.js';
import { Incident } from './incident.entity.js';
import { IncidentRoleRepository } from './incident-role.repository.js';
import { UpdateClock } from './update-clock.entity.js';

/**
 * Reads incidents with what their API shape shows: reporter, lead, comms
 * channel, actions and role holders. Those point at the incident, so they are
 * joined here by their `incident_id`.
 */
@Injectable()
export class IncidentRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly roles: IncidentRoleRepository,
  ) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** Incidents with reporter, lead, last editor, comms channel and status-update clock joined (alias `incident`). */
  withChannel(manager?: EntityManager): SelectQueryBuilder<IncidentWithChannel> {
    return this.manager(manager)
      .createQueryBuilder(Incident, 'incident')
      .leftJoinAndSelect('incident.reporter', 'reporter')
      .leftJoinAndSelect('incident.lead', 'lead')
      .leftJoinAndSelect('incident.updatedBy', 'updatedBy')
      .leftJoinAndMapOne(
        'incident.commsChannel',
        CommsChannel,
        'commsChannel',
        'commsChannel.incidentId = incident.id',
      )
      .leftJoinAndMapOne(
        'incident.updateClock',
        UpdateClock,
        'updateClock',
        'updateClock.incidentId = incident.id',
      ) as SelectQueryBuilder<IncidentWithChannel>;
  }

  /** One incident with everything, in two statements; null when there is none. */
  async findFull(id: number, manager?: EntityManager): Promise<FullIncident | null> {
    const incident = await this.withChannel(manager)
      .leftJoinAndMapMany('incident.actions', Action, 'action', 'action.incidentId = incident.id')
      .leftJoinAndSelect('action.user', 'actionUser')
      .leftJoinAndSelect('action.updatedBy', 'actionUpdatedBy')
      .where('incident.id = :id', { id })
      .orderBy('action.id', 'ASC')
      .getOne();
    if (!incident) return null;
    const full = withDefaults(incident as FullIncident);
    full.roles = await this.roles.forIncident(id, manager);
    return full;
  }

  /** One incident with reporter, lead and comms channel; null when there is none. */
  async findWithChannel(id: number, manager?: EntityManager): Promise<IncidentWithChannel | null> {
    const incident = await this.withChannel(manager).where('incident.id = :id', { id }).getOne();
    if (incident) incident.commsChannel ??= null;
    return incident;
  }

  /** The incident worked on in a Slack channel, or null when it is no comms channel. */
  async findByChannel(
    channelId: string,
    manager?: EntityManager,
  ): Promise<IncidentWithChannel | null> {
    const incident = await this.withChannel(manager)
      .where('commsChannel.channelId = :channelId', { channelId })
      .getOne();
    return incident ?? null;
  }

  /** Writes `changes` if the incident is still at `version` (see {@link updateIfVersion}). */
  updateIfVersion(
    manager: EntityManager,
    id: number,
    version: number,
    changes: QueryDeepPartialEntity<Incident>,
  ): Promise<boolean> {
    return updateIfVersion(manager, Incident, id, version, changes);
  }

  /** Open incidents that have a comms channel, oldest first. */
  openWithChannel(): Promise<IncidentWithChannel[]> {
    return this.withChannel()
      .where('incident.endTime IS NULL')
      .andWhere('commsChannel.id IS NOT NULL')
      .orderBy('incident.id', 'ASC')
      .getMany();
  }

  /** Loads the actions (with owners) and role holders of many incidents, one statement each. */
  async attachActions(incidents: IncidentWithChannel[]): Promise<FullIncident[]> {
    const full = incidents.map((incident) => withDefaults(incident as FullIncident));
    if (full.length === 0) return full;
    const roles = await this.roles.forIncidents(full.map((i) => i.id));
    for (const incident of full) incident.roles = roles.get(incident.id) ?? [];
    const actions = await this.dataSource.manager.find(Action, {
      where: { incidentId: In(full.map((i) => i.id)) },
      relations: { user: true, updatedBy: true },
      order: { id: 'ASC' },
    });
    const byIncident = new Map<number, Action[]>();
    for (const action of actions) {
      const list = byIncident.get(action.incidentId) ?? [];
      list.push(action);
      byIncident.set(action.incidentId, list);
    }
    for (const incident of full) incident.actions = byIncident.get(incident.id) ?? [];
    return full;
  }
}

function withDefaults(incident: FullIncident): FullIncident {
  incident.commsChannel ??= null;
  incident.actions ??= [];
  incident.roles ??= [];
  return incident;
}
