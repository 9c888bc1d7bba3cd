import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { EventType } from '@response/contracts';

/** The change log read by downstream consumers through `/core/events`. */
@Entity('event')
@Index('ix_event_timestamp', ['timestamp'])
export class Event {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'timestamptz' })
  timestamp: Date;

  @Column({ type: 'varchar', length: 50 })
  eventType: EventType;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;
}
