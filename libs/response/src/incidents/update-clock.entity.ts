import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import type { Severity } from '@response/contracts';
import { Incident } from './incident.entity.js';

/**
 * Where an incident's status-update clock stands: when the last update was
 * posted, a snooze, and which due time its lead was last reminded of. An
 * incident without a row has had no update: its clock runs from its declaration.
 */
@Entity('update_clock')
export class UpdateClock {
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'pk_update_clock' })
  incidentId: number;

  @OneToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id', foreignKeyConstraintName: 'fk_update_clock_incident' })
  incident: Relation<Incident>;

  /** Where the clock runs from when no update was posted yet (declaration, or the upgrade that added updates). */
  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  /** When the latest status update was posted. */
  @Column({ type: 'timestamptz', nullable: true })
  lastUpdateAt: Date | null;

  /** A snooze moves the due time here, while the severity stays the one it was snoozed at. */
  @Column({ type: 'timestamptz', nullable: true })
  snoozedUntil: Date | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  snoozedSeverity: Severity | null;

  /** The due time the lead was last reminded of: one reminder per due time. */
  @Column({ type: 'timestamptz', nullable: true })
  remindedDue: Date | null;
}
