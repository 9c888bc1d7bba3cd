import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { ChangeLogEntryType } from '@response/contracts';

/** The change log read by downstream consumers through `/core/events`. */
@Entity('event')
@Index('ix_event_timestamp', ['timestamp'])
export class ChangeLogEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'timestamptz' })
  timestamp: Date;

  @Column({ type: 'varchar', length: 50 })
  eventType: ChangeLogEntryType;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;
}
