import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** Where a reminder of an incident stands. */
export interface NotificationState {
  repeat_count: number;
  completed: boolean;
  time: Date;
}

/** `notification`: which reminders were sent for each incident, how often and when last. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async state(incidentId: number, key: string): Promise<NotificationState | null> {
    const rows: NotificationState[] = await this.dataSource.query(
      `SELECT repeat_count, completed, time FROM notification WHERE incident_id = $1 AND key = $2`,
      [incidentId, key],
    );
    return rows[0] ?? null;
  }

  /**
   * Claims the next send of a reminder with one atomic insert-or-update that
   * only succeeds when the interval has passed since the last send (or since
   * `since` for the first) and the maximum is not reached. Returns which
   * occurrence was claimed, or null when another worker had it or it is not due.
   */
  async claim(
    manager: EntityManager,
    claim: {
      incidentId: number;
      key: string;
      now: Date;
      since: Date;
      intervalMs: number;
      maxNotifications: number;
    },
  ): Promise<number | null> {
    const claimed: { repeat_count: number }[] = await manager.query(
      `INSERT INTO notification (incident_id, key, time, repeat_count, completed)
       SELECT $1, $2, $3::timestamptz, 1, $4 <= 1
        WHERE $5::timestamptz <= $3::timestamptz - $6 * interval '1 millisecond'
       ON CONFLICT ON CONSTRAINT uq_notification_incident_key DO UPDATE
          SET time = EXCLUDED.time,
              repeat_count = notification.repeat_count + 1,
              completed = notification.repeat_count + 1 >= $4
        WHERE NOT notification.completed
          AND notification.repeat_count < $4
          AND notification.time <= EXCLUDED.time - $6 * interval '1 millisecond'
       RETURNING repeat_count`,
      [
        claim.incidentId,
        claim.key,
        claim.now,
        claim.maxNotifications,
        claim.since,
        claim.intervalMs,
      ],
    );
    return claimed.length > 0 ? Number(claimed[0].repeat_count) : null;
  }
}
