import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { participantsQuery, type ParticipantDto } from '@response/contracts';
import { DataSource, In } from 'typeorm';
import { NotFoundError } from '../../common/errors.js';
import { parseOrThrow } from '../../common/zod-validation.pipe.js';
import { Incident } from '../../incidents/incident.entity.js';
import { ExternalUser } from '../../users/external-user.entity.js';
import { UserSerializer } from '../../users/user.serializer.js';
import { UserStatsRepository } from './user-stats.repository.js';

/** Who took part in an incident's comms channel, counted from its messages. */
@Injectable()
export class ParticipantsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly stats: UserStatsRepository,
  ) {}

  /** `GET /core/incidents/:id/participants?limit=` (default 5): the most active people first. */
  async fromApi(incidentId: number, query: Record<string, unknown>): Promise<ParticipantDto[]> {
    const { limit } = parseOrThrow(participantsQuery, { limit: query.limit });
    return this.top(incidentId, limit ?? 5);
  }

  async top(incidentId: number, limit: number): Promise<ParticipantDto[]> {
    if (!(await this.dataSource.manager.exists(Incident, { where: { id: incidentId } })))
      throw new NotFoundError('Incident', incidentId);
    const rows = await this.stats.top(incidentId, limit);
    if (rows.length === 0) return [];
    const users = await this.dataSource.manager.find(ExternalUser, {
      where: { id: In(rows.map((r) => r.user_id)) },
    });
    const byId = new Map(users.map((u) => [u.id, u]));
    return rows
      .filter((r) => byId.has(r.user_id))
      .map((r) => ({
        user: UserSerializer.toDto(byId.get(r.user_id)!),
        message_count: Number(r.message_count),
        join_time: new Date(r.join_time).toISOString(),
      }));
  }
}
