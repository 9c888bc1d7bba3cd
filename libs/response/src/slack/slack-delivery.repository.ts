import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';

/** What a delivery key holds: nothing yet (`null` result: started, answer not recorded) or Slack's answer. */
export interface DeliveryRecord {
  result: Record<string, unknown> | null;
}

/**
 * `slack_delivery`: one row per idempotency key of a Slack call, created when a
 * try starts and completed with Slack's answer, so a key is delivered once.
 */
@Injectable()
export class SlackDeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The record of a key, or null when no try has started. */
  async find(key: string, manager?: EntityManager): Promise<DeliveryRecord | null> {
    const rows: DeliveryRecord[] = await (manager ?? this.dataSource).query(
      `SELECT result FROM slack_delivery WHERE key = $1`,
      [key],
    );
    return rows[0] ?? null;
  }

  /** Whether the key's call was made and answered. */
  async isDelivered(key: string): Promise<boolean> {
    return Boolean((await this.find(key))?.result);
  }

  /** Holds the key for the rest of the caller's transaction, so two workers never call at once. */
  async lock(manager: EntityManager, key: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('slack-delivery'), hashtext($1))`, [
      key,
    ]);
  }

  /** Marks a try as started, in its own statement, so the mark survives a crash. */
  async markStarted(key: string, method: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO slack_delivery (key, method, result) VALUES ($1, $2, NULL) ON CONFLICT (key) DO NOTHING`,
      [key, method],
    );
  }

  /** Records Slack's answer for a key. */
  async store(
    key: string,
    method: string,
    result: Record<string, unknown>,
    manager?: EntityManager,
  ): Promise<Record<string, unknown>> {
    await (manager ?? this.dataSource).query(
      `INSERT INTO slack_delivery (key, method, result) VALUES ($1, $2, $3)
       ON CONFLICT (key) DO UPDATE SET result = EXCLUDED.result`,
      [key, method, JSON.stringify(result)],
    );
    return result;
  }

  /** Forgets keys older than `days`; returns how many. */
  async purgeOlderThan(days: number): Promise<number> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM slack_delivery WHERE created_at < now() - make_interval(days => $1)`,
      [days],
    );
    return count ?? 0;
  }
}
