import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** What put a message on the timeline: a pin, or a 📌 reaction. */
export type PinSource = 'pin' | 'reaction';

const SOURCE_COLUMN: Record<PinSource, 'pinned' | 'reacted'> = {
  pin: 'pinned',
  reaction: 'reacted',
};

/**
 * `pinned_message`: messages of a comms channel on the timeline, one row per
 * (incident, message ts), recording which sources (pin, 📌) hold it.
 */
@Injectable()
export class PinnedMessageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Adds a source to a message; the row's id when the message is new, else null. */
  async addSource(
    manager: EntityManager,
    row: { incidentId: number; authorId: number | null; ts: string; text: string; timestamp: Date },
    source: PinSource,
  ): Promise<number | null> {
    const flag = SOURCE_COLUMN[source];
    const upserted: { id: number; inserted: boolean }[] = await manager.query(
      `INSERT INTO pinned_message (incident_id, author_id, message_ts, text, timestamp, ${flag})
       VALUES ($1, $2, $3, $4, $5, true)
       ON CONFLICT ON CONSTRAINT uq_pinned_message_incident_ts DO UPDATE SET ${flag} = true
       RETURNING id, (xmax = 0) AS inserted`,
      [row.incidentId, row.authorId, row.ts, row.text, row.timestamp],
    );
    return upserted.find((r) => r.inserted)?.id ?? null;
  }

  /** The timeline entry of a pinned message, if it is on the timeline. */
  async entryOf(incidentId: number, ts: string): Promise<number | null> {
    const rows: { timeline_event_id: number | null }[] = await this.dataSource.query(
      `SELECT timeline_event_id FROM pinned_message WHERE incident_id = $1 AND message_ts = $2`,
      [incidentId, ts],
    );
    return rows[0]?.timeline_event_id ?? null;
  }

  async linkTimelineEntry(manager: EntityManager, id: number, entryId: number): Promise<void> {
    await manager.query(`UPDATE pinned_message SET timeline_event_id = $1 WHERE id = $2`, [
      entryId,
      id,
    ]);
  }

  /**
   * Takes a source off a message, and deletes the rows no source holds any
   * more; returns the timeline entries of the deleted rows.
   */
  async removeSource(
    manager: EntityManager,
    incidentId: number,
    ts: string,
    source: PinSource,
  ): Promise<{ deleted: boolean; timelineEntryIds: number[] }> {
    const flag = SOURCE_COLUMN[source];
    const [rows]: [{ id: number; pinned: boolean; reacted: boolean }[], number] =
      await manager.query(
        `UPDATE pinned_message SET ${flag} = false WHERE incident_id = $1 AND message_ts = $2
         RETURNING id, pinned, reacted`,
        [incidentId, ts],
      );
    const gone = rows.filter((row) => !row.pinned && !row.reacted);
    if (gone.length === 0) return { deleted: false, timelineEntryIds: [] };
    const [deleted]: [{ timeline_event_id: number | null }[], number] = await manager.query(
      `DELETE FROM pinned_message WHERE id = ANY($1) RETURNING timeline_event_id`,
      [gone.map((row) => row.id)],
    );
    return {
      deleted: true,
      timelineEntryIds: deleted
        .map((row) => row.timeline_event_id)
        .filter((id): id is number => id !== null),
    };
  }
}
