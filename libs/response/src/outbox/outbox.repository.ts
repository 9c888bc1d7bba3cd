import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { JOB_QUEUE, type JobData, type JobName } from '@response/contracts';
import type { DataSource, EntityManager } from 'typeorm';

/** A job to record in the outbox, typed by the job catalogue. */
export interface OutboxEntry<N extends JobName> {
  name: N;
  data: JobData<N>;
  /** Idempotency key, used as the job id. */
  key?: string;
  delayMs?: number;
  /** Total tries of the job (default: the queue's policy). */
  attempts?: number;
}

/** One row of `outbox_message` as the relay reads it. */
export interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  payload: { data: unknown; delayMs?: number; attempts?: number };
  attempts: number;
}

/** The columns of a new row: `topic` is `<queue>/<job name>`. */
function columns<N extends JobName>(
  entry: OutboxEntry<N>,
): { topic: string; key: string | null; payload: string } {
  return {
    topic: `${JOB_QUEUE[entry.name]}/${entry.name}`,
    key: entry.key ?? null,
    payload: JSON.stringify({ data: entry.data, delayMs: entry.delayMs, attempts: entry.attempts }),
  };
}

/** The job name of a row's topic (`slack/post-message` → `post-message`). */
export function jobNameOf(topic: string): JobName {
  return topic.slice(topic.indexOf('/') + 1) as JobName;
}

/** `outbox_message`: jobs recorded with the change that caused them, until the relay queues them. */
@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records one job inside the caller's transaction. */
  async insert<N extends JobName>(manager: EntityManager, entry: OutboxEntry<N>): Promise<void> {
    const row = columns(entry);
    await manager.query(`INSERT INTO outbox_message (topic, key, payload) VALUES ($1, $2, $3)`, [
      row.topic,
      row.key,
      row.payload,
    ]);
  }

  /**
   * A statement fragment that records jobs of one name only when the CTE named
   * `guard` returned a row: `<name> AS (INSERT … SELECT … FROM guard …)`. For
   * callers that must record something and its jobs in ONE statement (the Slack
   * event ack). `firstParam` is the number of the first `$n` it uses.
   */
  insertWhenCte<N extends JobName>(
    cteName: string,
    guard: string,
    entries: OutboxEntry<N>[],
    firstParam: number,
  ): { sql: string; params: unknown[] } {
    const rows = entries.map(columns);
    const [topic, keys, payloads] = [firstParam, firstParam + 1, firstParam + 2].map(
      (n) => `$${n}`,
    );
    return {
      sql: `${cteName} AS (
         INSERT INTO outbox_message (topic, key, payload)
         SELECT ${topic}, job.key, job.payload::jsonb
           FROM ${guard}, unnest(${keys}::text[], ${payloads}::text[]) AS job(key, payload)
         RETURNING id
       )`,
      params: [rows[0]?.topic ?? '', rows.map((row) => row.key), rows.map((row) => row.payload)],
    };
  }

  /** Claims up to `limit` due rows, oldest first, skipping rows another relay holds. */
  claimDue(manager: EntityManager, limit: number): Promise<OutboxRow[]> {
    return manager.query(
      `SELECT id, topic, key, payload, attempts FROM outbox_message
        WHERE dispatched_at IS NULL AND available_at <= now()
        ORDER BY id LIMIT ${Number(limit)} FOR UPDATE SKIP LOCKED`,
    );
  }

  async markDispatched(manager: EntityManager, id: string): Promise<void> {
    await manager.query(`UPDATE outbox_message SET dispatched_at = now() WHERE id = $1`, [id]);
  }

  /** Puts a row back for another try after `delayMs`. */
  async retryLater(manager: EntityManager, id: string, delayMs: number): Promise<void> {
    await manager.query(
      `UPDATE outbox_message SET attempts = attempts + 1, available_at = now() + ($2 || ' milliseconds')::interval WHERE id = $1`,
      [id, String(delayMs)],
    );
  }

  /** Forgets rows whose job completed more than a day ago. */
  async purgeCompleted(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM outbox_message WHERE completed_at < now() - interval '1 day'`);
  }

  /**
   * Marks the rows of a job as done: its id is a row's key, or `outbox:<row id>`
   * for rows without a key. Other jobs (schedules) match nothing.
   */
  async markCompleted(jobId: string): Promise<void> {
    const rowId = /^outbox:(\d{1,18})$/.exec(jobId)?.[1] ?? null;
    await this.dataSource.query(
      `UPDATE outbox_message SET completed_at = now()
        WHERE completed_at IS NULL AND (key = $1 OR id = $2::bigint)`,
      [jobId, rowId],
    );
  }

  /** Rows handed to the queue more than `olderThanSeconds` ago whose job has not completed yet. */
  unconfirmed(
    manager: EntityManager,
    olderThanSeconds: number,
    limit: number,
  ): Promise<Pick<OutboxRow, 'id' | 'topic' | 'key'>[]> {
    return manager.query(
      `SELECT id, topic, key FROM outbox_message
        WHERE completed_at IS NULL AND dispatched_at < now() - make_interval(secs => $1)
        ORDER BY id LIMIT ${Number(limit)}`,
      [olderThanSeconds],
    );
  }

  /** Hands rows back to the relay, which queues their jobs again (same ids). */
  async redeliver(manager: EntityManager, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await manager.query(
      `UPDATE outbox_message SET dispatched_at = NULL, available_at = now()
        WHERE id = ANY($1::bigint[]) AND completed_at IS NULL`,
      [ids],
    );
  }

  /** Seconds the oldest undelivered row has waited (0 when none). */
  async lagSeconds(): Promise<number> {
    const rows: { lag: string | null }[] = await this.dataSource.query(
      `SELECT EXTRACT(EPOCH FROM (now() - min(created_at))) AS lag FROM outbox_message WHERE dispatched_at IS NULL`,
    );
    return Number(rows[0]?.lag ?? 0);
  }
}
