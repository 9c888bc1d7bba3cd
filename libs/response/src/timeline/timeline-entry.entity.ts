import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Incident } from '../incidents/incident.entity.js';

/** One entry of an incident's timeline: a manual note, a pinned message or an automatic update. */
@Entity('timeline_event')
@Index('ix_timeline_event_incident_timestamp', ['incidentId', 'timestamp'])
export class TimelineEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @Column({ type: 'timestamptz' })
  timestamp: Date;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'varchar', length: 50, default: 'text' })
  eventType: string;

  @Column({ type: 'jsonb', nullable: true })
  metadata: Record<string, unknown> | null;
}
