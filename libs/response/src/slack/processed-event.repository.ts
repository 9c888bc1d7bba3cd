import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobName } from '@response/contracts';
import type { DataSource } from 'typeorm';
import { OutboxRepository, type OutboxEntry } from '../outbox/outbox.repository.js';

/** `slack_processed_event`: the Events API `event_id`s taken in, so Slack's retries take effect once. */
@Injectable()
export class ProcessedEventRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
  ) {}

  /**
   * Records an event id and, only when it is new, its jobs in the outbox: one
   * statement, so one round trip, atomic on its own. False for a duplicate.
   */
  async recordWithJobs<N extends JobName>(
    eventId: string,
    jobs: OutboxEntry<N>[],
  ): Promise<boolean> {
    const queued = this.outbox.insertWhenCte('queued', 'fresh', jobs, 2);
    const rows: { fresh: boolean }[] = await this.dataSource.query(
      `WITH fresh AS (
         INSERT INTO slack_processed_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id
       ), ${queued.sql}
       SELECT EXISTS (SELECT 1 FROM fresh) AS fresh, (SELECT count(*) FROM queued) AS queued`,
      [eventId, ...queued.params],
    );
    return Boolean(rows[0]?.fresh);
  }

  /** Records an id (e.g. `view:<view id>`) once: false when it was recorded already. */
  async claim(id: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO slack_processed_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Forgets a claimed id, so the same submission can be processed again. */
  async release(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM slack_processed_event WHERE event_id = $1`, [id]);
  }

  /** Forgets event ids older than `hours`; returns how many. */
  async purgeOlderThan(hours: number): Promise<number> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM slack_processed_event WHERE received_at < now() - make_interval(hours => $1)`,
      [hours],
    );
    return count ?? 0;
  }
}
