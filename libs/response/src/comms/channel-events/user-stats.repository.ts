import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** `user_stats`: how much each person wrote in an incident's comms channel, and since when. */
@Injectable()
export class UserStatsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** One more message from a person; their join time is their first message. */
  async countMessage(incidentId: number, userId: number, at: Date): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO user_stats (incident_id, user_id, join_time, message_count) VALUES ($1, $2, $3, 1)
       ON CONFLICT ON CONSTRAINT uq_user_stats_incident_user DO UPDATE
         SET message_count = user_stats.message_count + 1,
             join_time = LEAST(user_stats.join_time, EXCLUDED.join_time)`,
      [incidentId, userId, at],
    );
  }

  /** The most active people of an incident, most messages first. */
  top(
    incidentId: number,
    limit: number,
  ): Promise<{ user_id: number; message_count: number; join_time: Date }[]> {
    return this.dataSource.query(
      `SELECT user_id, message_count, join_time FROM user_stats
        WHERE incident_id = $1 ORDER BY message_count DESC, join_time ASC, id ASC LIMIT $2`,
      [incidentId, limit],
    );
  }
}
