import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Severity } from '@response/contracts';
import { Incident } from '../incidents/incident.entity.js';

/**
 * The history of who leads an incident and how severe it is: one row per save
 * of any incident, private ones included, written with the change log at the
 * same instant. Insights read it (time to lead, time to severity, severity
 * raised); it is never served as such. The index holds every column, so those
 * figures come from an index-only scan.
 */
@Entity('incident_change')
@Index('ix_incident_change_incident', ['incidentId', 'timestamp', 'id', 'leadId', 'severity'])
export class IncidentChange {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @Column({ type: 'timestamptz' })
  timestamp: Date;

  /** The lead after this save (no foreign key: the history keeps what was true then). */
  @Column({ type: 'int', nullable: true })
  leadId: number | null;

  /** The severity after this save. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  severity: Severity | null;
}
