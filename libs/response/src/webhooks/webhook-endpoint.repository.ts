import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { WebhookEvent } from '@response/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

/** An endpoint that receives an event. */
export interface Subscriber {
  id: number;
  includePrivate: boolean;
}

/** `webhook_endpoint`. */
@Injectable()
export class WebhookEndpointRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(WebhookEndpoint);
  }

  async create(values: Pick<WebhookEndpoint, 'url' | 'events' | 'includePrivate' | 'secret'>) {
    return this.repo().save(this.repo().create(values));
  }

  findOne(id: number): Promise<WebhookEndpoint | null> {
    return this.repo().findOneBy({ id });
  }

  page(offset: number, limit: number): Promise<[WebhookEndpoint[], number]> {
    return this.repo().findAndCount({ order: { id: 'ASC' }, skip: offset, take: limit });
  }

  async update(id: number, values: Partial<WebhookEndpoint>): Promise<void> {
    await this.repo().update({ id }, values);
  }

  /** Deletes it with its deliveries and their tries; false when there was none. */
  async delete(id: number): Promise<boolean> {
    return Boolean((await this.repo().delete({ id })).affected);
  }

  /** Enabled endpoints that receive this event, inside the caller's transaction. */
  subscribers(manager: EntityManager, event: WebhookEvent): Promise<Subscriber[]> {
    return manager.query(
      `SELECT id, include_private AS "includePrivate" FROM webhook_endpoint
        WHERE disabled_at IS NULL AND $1 = ANY(events) ORDER BY id`,
      [event],
    );
  }

  async disable(manager: EntityManager, id: number, reason: string): Promise<void> {
    await manager.query(
      `UPDATE webhook_endpoint SET disabled_at = now(), disabled_reason = $2
        WHERE id = $1 AND disabled_at IS NULL`,
      [id, reason.slice(0, 300)],
    );
  }
}
