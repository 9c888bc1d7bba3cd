import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { WebhookDelivery } from './webhook-delivery.entity.js';

/** One try of a delivery: what the endpoint answered, and how fast. */
@Entity('webhook_attempt')
@Index('ix_webhook_attempt_delivery', ['deliveryId', 'id'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @ManyToOne(() => WebhookDelivery, { onDelete: 'CASCADE' })
  delivery: Relation<WebhookDelivery>;

  @Column({ type: 'int' })
  deliveryId: number;

  @Column({ type: 'timestamptz' })
  attemptedAt: Date;

  @Column({ type: 'int', nullable: true })
  statusCode: number | null;

  @Column({ type: 'int' })
  latencyMs: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;
}
