import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Slack calls already made for an idempotency key, with what Slack answered
 * (e.g. the `ts` of a posted message), so a retried job never posts twice.
 */
@Entity('slack_delivery')
@Index('ix_slack_delivery_created', ['createdAt'])
export class SlackDelivery {
  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ type: 'varchar', length: 100 })
  method: string;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
