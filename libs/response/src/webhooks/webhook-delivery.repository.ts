import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WebhookDeliveryStatus, WebhookEvent } from '@response/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { WebhookAttempt } from './webhook-attempt.entity.js';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/** How long a worker holds a delivery it is sending (more than the send timeout). */
const LEASE_SECONDS = 60;

/** The rows of an `UPDATE … RETURNING`, which the driver may hand back with the row count. */
function returnedRows<T>(result: unknown): T[] {
  const list = result as unknown[];
  return (Array.isArray(list[0]) ? list[0] : list) as T[];
}

/** A delivery with what sending it needs from its endpoint. */
export interface DeliveryToSend {
  id: number;
  endpointId: number;
  incidentId: number;
  messageId: string;
  body: string;
  attemptCount: number;
  windowStartedAt: Date;
  url: string;
  secret: string;
}

/** What a job finds when it looks at its delivery. */
export type Claim =
  /** Nothing to do: sent, given up, endpoint gone or off, another worker sending it, or an earlier one first. */
  | { kind: 'skip'; why: string }
  /** Not due yet (its job came early): try again in `delayMs`. */
  | { kind: 'later'; delayMs: number }
  | { kind: 'send'; delivery: DeliveryToSend };

/** A new delivery's row. */
export interface NewDelivery {
  endpointId: number;
  messageId: string;
  eventType: WebhookEvent;
  incidentId: number;
  body: string;
}

/** The first delivery waiting in a lane, and when it is due. */
export interface LaneHead {
  id: number;
  dueInMs: number;
}

/**
 * `webhook_delivery` and `webhook_attempt`. Deliveries of one endpoint for one
 * incident form a lane: they go out in id order, and a lane's changes are
 * serialised by an advisory lock, so a finishing delivery always sees the one
 * that waits behind it.
 */
@Injectable()
export class WebhookDeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Records deliveries inside the caller's transaction; returns their ids. */
  async insert(manager: EntityManager, rows: NewDelivery[]): Promise<number[]> {
    if (rows.length === 0) return [];
    const saved: { id: number }[] = await manager.query(
      `INSERT INTO webhook_delivery (endpoint_id, message_id, event_type, incident_id, body)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[])
       RETURNING id`,
      [
        rows.map((r) => r.endpointId),
        rows.map((r) => r.messageId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.incidentId),
        rows.map((r) => r.body),
      ],
    );
    return saved.map((row) => row.id);
  }

  /** Takes the lock of a delivery's lane for the rest of the transaction. */
  async lockLane(manager: EntityManager, endpointId: number, incidentId: number): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('webhook-lane'), hashtext($1))`, [
      `${endpointId}:${incidentId}`,
    ]);
  }

  /**
   * Decides, under the lane's lock, whether this job sends its delivery now,
   * and if so leases it to this worker.
   */
  async claim(deliveryId: number): Promise<Claim> {
    const lane: { endpoint_id: number; incident_id: number }[] = await this.dataSource.query(
      `SELECT endpoint_id, incident_id FROM webhook_delivery WHERE id = $1`,
      [deliveryId],
    );
    if (!lane[0]) return { kind: 'skip', why: 'deleted' };
    return this.dataSource.transaction(async (m) => {
      await this.lockLane(m, lane[0].endpoint_id, lane[0].incident_id);
      const rows: Array<{
        status: WebhookDeliveryStatus;
        disabled: boolean;
        earlier: boolean;
        due_in_ms: string;
        leased: boolean;
      }> = await m.query(
        `SELECT d.status, e.disabled_at IS NOT NULL AS disabled,
                EXISTS (SELECT 1 FROM webhook_delivery p
                         WHERE p.endpoint_id = d.endpoint_id AND p.incident_id = d.incident_id
                           AND p.status = 'pending' AND p.id < d.id) AS earlier,
                GREATEST(0, EXTRACT(EPOCH FROM (d.next_attempt_at - now())) * 1000)::bigint AS due_in_ms,
                COALESCE(d.lease_until > now(), false) AS leased
           FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
          WHERE d.id = $1`,
        [deliveryId],
      );
      const row = rows[0];
      if (!row) return { kind: 'skip', why: 'deleted' };
      if (row.status !== 'pending') return { kind: 'skip', why: row.status };
      if (row.disabled) return { kind: 'skip', why: 'endpoint disabled' };
      if (row.earlier) return { kind: 'skip', why: 'an earlier delivery goes first' };
      if (row.leased) return { kind: 'skip', why: 'being sent' };
      // Timers may fire a little early; a job well ahead of time comes back when due.
      if (Number(row.due_in_ms) > 1000) return { kind: 'later', delayMs: Number(row.due_in_ms) };
      const leased: DeliveryToSend[] = returnedRows(
        await m.query(
          `UPDATE webhook_delivery d SET lease_until = now() + make_interval(secs => $2)
           FROM webhook_endpoint e
          WHERE d.id = $1 AND e.id = d.endpoint_id
          RETURNING d.id, d.endpoint_id AS "endpointId", d.incident_id AS "incidentId",
                    d.message_id AS "messageId", d.body, d.attempt_count AS "attemptCount",
                    d.window_started_at AS "windowStartedAt", e.url, e.secret`,
          [deliveryId, LEASE_SECONDS],
        ),
      );
      return { kind: 'send', delivery: leased[0] };
    });
  }

  async recordAttempt(
    manager: EntityManager,
    attempt: Pick<
      WebhookAttempt,
      'deliveryId' | 'attemptedAt' | 'statusCode' | 'latencyMs' | 'error'
    >,
  ): Promise<void> {
    await manager.getRepository(WebhookAttempt).insert({
      ...attempt,
      error: attempt.error ? attempt.error.slice(0, 500) : null,
    });
  }

  /** Lets go of a delivery this worker could not finish, so that its job's next try can. */
  async release(id: number): Promise<void> {
    await this.dataSource.query(`UPDATE webhook_delivery SET lease_until = NULL WHERE id = $1`, [
      id,
    ]);
  }

  /** Ends a delivery: sent, or failed for good. */
  async finish(
    manager: EntityManager,
    id: number,
    status: typeof WebhookDeliveryStatus.Succeeded | typeof WebhookDeliveryStatus.Failed,
  ): Promise<void> {
    await manager.query(
      `UPDATE webhook_delivery SET status = $2, finished_at = now(), lease_until = NULL,
              attempt_count = attempt_count + 1
        WHERE id = $1`,
      [id, status],
    );
  }

  /** Leaves a delivery pending for another try at `nextAttemptAt`. */
  async retryAt(manager: EntityManager, id: number, nextAttemptAt: Date): Promise<void> {
    await manager.query(
      `UPDATE webhook_delivery SET next_attempt_at = $2, lease_until = NULL,
              attempt_count = attempt_count + 1
        WHERE id = $1`,
      [id, nextAttemptAt],
    );
  }

  /** The first delivery waiting in a lane, if any. */
  async laneHead(
    manager: EntityManager,
    endpointId: number,
    incidentId: number,
  ): Promise<LaneHead | null> {
    const rows: { id: number; due_in_ms: string }[] = await manager.query(
      `SELECT id, GREATEST(0, EXTRACT(EPOCH FROM (next_attempt_at - now())) * 1000)::bigint AS due_in_ms
         FROM webhook_delivery
        WHERE endpoint_id = $1 AND incident_id = $2 AND status = 'pending'
        ORDER BY id LIMIT 1`,
      [endpointId, incidentId],
    );
    return rows[0] ? { id: rows[0].id, dueInMs: Number(rows[0].due_in_ms) } : null;
  }

  /** The first waiting delivery of every lane of an endpoint (when it is turned on again). */
  async laneHeadsOf(manager: EntityManager, endpointId: number): Promise<LaneHead[]> {
    const rows: { id: number; due_in_ms: string }[] = await manager.query(
      `SELECT DISTINCT ON (incident_id) id,
              GREATEST(0, EXTRACT(EPOCH FROM (next_attempt_at - now())) * 1000)::bigint AS due_in_ms
         FROM webhook_delivery
        WHERE endpoint_id = $1 AND status = 'pending'
        ORDER BY incident_id, id`,
      [endpointId],
    );
    return rows.map((row) => ({ id: row.id, dueInMs: Number(row.due_in_ms) }));
  }

  /**
   * Lane heads overdue by more than `graceSeconds` and held by nobody: their
   * job was lost (a worker died mid-send and its retries ran out).
   */
  stalledHeads(graceSeconds: number, limit: number): Promise<{ id: number }[]> {
    return this.dataSource.query(
      `SELECT head.id FROM (
         SELECT DISTINCT ON (d.endpoint_id, d.incident_id) d.id, d.next_attempt_at, d.lease_until
           FROM webhook_delivery d JOIN webhook_endpoint e ON e.id = d.endpoint_id
          WHERE d.status = 'pending' AND e.disabled_at IS NULL
          ORDER BY d.endpoint_id, d.incident_id, d.id
       ) head
       WHERE head.next_attempt_at < now() - make_interval(secs => $1)
         AND (head.lease_until IS NULL OR head.lease_until < now())
       ORDER BY head.id LIMIT ${Number(limit)}`,
      [graceSeconds],
    );
  }

  /** Puts a finished delivery back in line for one more round of tries, from now. */
  async reopen(manager: EntityManager, id: number): Promise<void> {
    await manager.query(
      `UPDATE webhook_delivery SET status = 'pending', finished_at = NULL, lease_until = NULL,
              next_attempt_at = now(), window_started_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  /** Forgets finished deliveries (and their tries) older than `days`. */
  async purgeFinished(days: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM webhook_delivery WHERE finished_at < now() - make_interval(days => $1)`,
      [days],
    );
  }

  findOne(endpointId: number, id: number): Promise<WebhookDelivery | null> {
    return this.dataSource.getRepository(WebhookDelivery).findOneBy({ id, endpointId });
  }

  /** A page of an endpoint's deliveries, newest first, with their tries (oldest first). */
  async page(
    endpointId: number,
    offset: number,
    limit: number,
  ): Promise<{ count: number; deliveries: WebhookDelivery[]; attempts: WebhookAttempt[] }> {
    const [deliveries, count] = await this.dataSource.getRepository(WebhookDelivery).findAndCount({
      where: { endpointId },
      order: { id: 'DESC' },
      skip: offset,
      take: limit,
    });
    const attempts =
      deliveries.length === 0
        ? []
        : await this.dataSource
            .getRepository(WebhookAttempt)
            .createQueryBuilder('attempt')
            .where('attempt.deliveryId IN (:...ids)', { ids: deliveries.map((d) => d.id) })
            .orderBy('attempt.id', 'ASC')
            .getMany();
    return { count, deliveries, attempts };
  }

  /** The tries of one delivery, oldest first. */
  attemptsOf(deliveryId: number): Promise<WebhookAttempt[]> {
    return this.dataSource
      .getRepository(WebhookAttempt)
      .find({ where: { deliveryId }, order: { id: 'ASC' } });
  }
}
