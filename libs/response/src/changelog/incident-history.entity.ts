import { Column, Entity, OneToOne, JoinColumn, PrimaryColumn, type Relation } from 'typeorm';
import type { Severity } from '@response/contracts';
import { Incident } from '../incidents/incident.entity.js';

/**
 * What the change history says of an incident, kept up to date as each save
 * is logged (private incidents included, though the change log leaves them
 * out): when a lead and a severity were first set, and when the severity was
 * first raised (changed to a more severe level than it had). Insights read it;
 * it is never served as such. `-infinity` is a time nobody knows: a lead or
 * severity that private incidents had before this table existed.
 */
@Entity('incident_history')
export class IncidentHistory {
  @PrimaryColumn({ type: 'int' })
  incidentId: number;

  @OneToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident: Relation<Incident>;

  @Column({ type: 'timestamptz', nullable: true })
  leadSetAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  severitySetAt: Date | null;

  /** The severity as of the last save, to tell a raise at the next one. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  severity: Severity | null;

  @Column({ type: 'timestamptz', nullable: true })
  severityRaisedAt: Date | null;
}
