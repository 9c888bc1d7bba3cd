import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Incident } from '../incidents/incident.entity.js';
import { ExternalUser } from '../users/external-user.entity.js';

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

  /** Increases on every save; writers use it to detect conflicts. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** Who made the last change, when known. */
  @ManyToOne(() => ExternalUser, { nullable: true, onDelete: 'SET NULL' })
  updatedBy: Relation<ExternalUser> | null;

  @Column({ type: 'int', nullable: true })
  updatedById: number | null;
}
