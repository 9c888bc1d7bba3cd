import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { HeadlinePost } from './headline-post.entity.js';

/** `headline_post`: where each incident's headline post is, and which version it shows. */
@Injectable()
export class HeadlinePostRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  find(incidentId: number, manager?: EntityManager): Promise<HeadlinePost | null> {
    return (manager ?? this.dataSource.manager).findOne(HeadlinePost, { where: { incidentId } });
  }

  /** Holds the incident's headline for the rest of the caller's transaction. */
  async lock(manager: EntityManager, incidentId: number): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('headline'), $1)`, [incidentId]);
  }

  /** Marks the first post as started, in its own statement, so the mark survives a crash. */
  async markStarted(incidentId: number, channelId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO headline_post (incident_id, channel_id, rendered_version) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`,
      [incidentId, channelId],
    );
  }

  async update(
    manager: EntityManager,
    incidentId: number,
    changes: Partial<
      Pick<HeadlinePost, 'messageTs' | 'channelId' | 'renderedVersion' | 'renderedHash'>
    >,
  ): Promise<void> {
    await manager.update(HeadlinePost, { incidentId }, changes);
  }

  /** Lets one process of the deployment sweep at a time, for the rest of the caller's transaction. */
  async takeSweepTurn(manager: EntityManager): Promise<boolean> {
    const [turn]: { taken: boolean }[] = await manager.query(
      `SELECT pg_try_advisory_xact_lock(hashtext('headline-drift')) AS taken`,
    );
    return Boolean(turn?.taken);
  }

  /**
   * Incidents, open or closed within a day, whose headline post shows an older
   * version than theirs (or was never posted), with no refresh of theirs still
   * on its way through the outbox.
   */
  behind(
    manager: EntityManager,
    limit: number,
  ): Promise<{ incidentId: number; version: number }[]> {
    return manager.query(
      `SELECT i.id AS "incidentId", i.version FROM incident i
         LEFT JOIN headline_post h ON h.incident_id = i.id
        WHERE (i.end_time IS NULL OR i.end_time > now() - interval '1 day')
          AND (h.incident_id IS NULL OR h.message_ts IS NULL OR h.rendered_version < i.version)
          AND (NOT i.private OR EXISTS (SELECT 1 FROM comms_channel c WHERE c.incident_id = i.id))
          AND NOT EXISTS (
            SELECT 1 FROM outbox_message o
             WHERE o.completed_at IS NULL AND o.key LIKE 'headline:' || i.id || ':%')
        ORDER BY i.id LIMIT ${Number(limit)}`,
    );
  }

  /** Whether the incident's headline is posted and shows `version` or a later one. */
  async shows(incidentId: number, version: number): Promise<boolean> {
    const rows: { shows: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM headline_post WHERE incident_id = $1 AND message_ts IS NOT NULL AND rendered_version >= $2) AS shows`,
      [incidentId, version],
    );
    return Boolean(rows[0]?.shows);
  }
}
