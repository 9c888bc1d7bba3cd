import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { IncidentRoleAssignment } from './incident-role.entity.js';

/** Who holds which role of which incident (`incident_role`). */
@Injectable()
export class IncidentRoleRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  /** The role holders (with their users) of some incidents, in one statement. */
  async forIncidents(
    incidentIds: number[],
    manager?: EntityManager,
  ): Promise<Map<number, IncidentRoleAssignment[]>> {
    const byIncident = new Map<number, IncidentRoleAssignment[]>();
    if (incidentIds.length === 0) return byIncident;
    const rows = await this.manager(manager).find(IncidentRoleAssignment, {
      where: { incidentId: In(incidentIds) },
      relations: { user: true },
      order: { id: 'ASC' },
    });
    for (const row of rows) {
      const list = byIncident.get(row.incidentId) ?? [];
      list.push(row);
      byIncident.set(row.incidentId, list);
    }
    return byIncident;
  }

  /** The role holders of one incident. */
  async forIncident(
    incidentId: number,
    manager?: EntityManager,
  ): Promise<IncidentRoleAssignment[]> {
    return (await this.forIncidents([incidentId], manager)).get(incidentId) ?? [];
  }

  /** Gives a role to a user, replacing whoever held it. */
  async assign(
    manager: EntityManager,
    incidentId: number,
    role: string,
    userId: number,
    at: Date,
  ): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(IncidentRoleAssignment)
      .values({ incidentId, role, userId, assignedAt: at })
      .orUpdate(['user_id', 'assigned_at'], ['incident_id', 'role'])
      .execute();
  }

  /** Leaves a role unheld. */
  async clear(manager: EntityManager, incidentId: number, role: string): Promise<void> {
    await manager.delete(IncidentRoleAssignment, { incidentId, role });
  }
}
