import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { WebhookDeliveryStatus, WebhookEvent } from '@response/contracts';
import { WebhookEndpoint } from './webhook-endpoint.entity.js';

/**
 * One event to send to one endpoint, recorded in the transaction of the change
 * that caused it. Deliveries of an endpoint for one incident go out in id order.
 */
@Entity('webhook_delivery')
@Index('ix_webhook_delivery_endpoint', ['endpointId', 'id'])
@Index('ix_webhook_delivery_lane', ['endpointId', 'incidentId', 'id'], {
  where: `"status" = 'pending'`,
})
@Index('ix_webhook_delivery_finished', ['finishedAt'])
export class WebhookDelivery {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  endpoint: Relation<WebhookEndpoint>;

  @Column({ type: 'int' })
  endpointId: number;

  /** The `webhook-id` header: one per event, the same on every try and every endpoint. */
  @Column({ type: 'varchar', length: 50 })
  messageId: string;

  @Column({ type: 'varchar', length: 50 })
  eventType: WebhookEvent;

  @Column({ type: 'int' })
  incidentId: number;

  /** The JSON body exactly as it is signed and sent. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status: WebhookDeliveryStatus;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** Tries are given up 24 h after this (creation, or an admin's retry). */
  @Column({ type: 'timestamptz', default: () => 'now()' })
  windowStartedAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'int', default: 0 })
  attemptCount: number;

  /** Held by the worker sending it, so that two never send it at once. */
  @Column({ type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
