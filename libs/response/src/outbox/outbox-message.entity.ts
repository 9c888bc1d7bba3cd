import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A side effect recorded in the same transaction as the change that caused it,
 * and delivered to the job queue afterwards by the relay.
 */
@Entity('outbox_message')
@Index('ix_outbox_message_pending', ['availableAt'], { where: '"dispatched_at" IS NULL' })
@Index('ix_outbox_message_unconfirmed', ['dispatchedAt'], {
  where: '"completed_at" IS NULL AND "dispatched_at" IS NOT NULL',
})
@Index('ix_outbox_message_key_open', ['key'], { where: '"completed_at" IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** Queue job name. */
  @Column({ type: 'varchar', length: 100 })
  topic: string;

  /** Idempotency key of the job; the same key is enqueued at most once while pending. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  key: string | null;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  /** When the relay handed it to the queue. */
  @Column({ type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  /** When its job completed (or failed for good); until then the reconciler watches it. */
  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
