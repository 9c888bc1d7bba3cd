import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Slack `event_id`s already taken in, so retried deliveries take effect once. */
@Entity('slack_processed_event')
@Index('ix_slack_processed_event_received', ['receivedAt'])
export class ProcessedSlackEvent {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  eventId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
