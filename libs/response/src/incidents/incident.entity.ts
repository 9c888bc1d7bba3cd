import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { Severity } from '@response/contracts';
import { ExternalUser } from '../users/external-user.entity.js';

@Entity('incident')
@Index('ix_incident_report_time', ['reportTime'])
@Index('ix_incident_start_time', ['startTime'])
export class Incident {
  @PrimaryGeneratedColumn()
  id: number;

  /** Stored HTML-escaped (`&` → `&amp;`): 200 typed characters take more room than 200. */
  @Column({ type: 'varchar', length: 1200 })
  report: string;

  @ManyToOne(() => ExternalUser, { nullable: true, onDelete: 'SET NULL' })
  reporter: Relation<ExternalUser> | null;

  @Column({ type: 'int', nullable: true })
  reporterId: number | null;

  @Column({ type: 'timestamptz' })
  reportTime: Date;

  @Column({ type: 'boolean', default: false })
  reportOnly: boolean;

  @Column({ type: 'boolean', default: false })
  private: boolean;

  @Column({ type: 'timestamptz' })
  startTime: Date;

  @Column({ type: 'timestamptz', nullable: true })
  endTime: Date | null;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'text', nullable: true })
  impact: string | null;

  @ManyToOne(() => ExternalUser, { nullable: true, onDelete: 'SET NULL' })
  lead: Relation<ExternalUser> | null;

  @Column({ type: 'int', nullable: true })
  leadId: number | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  severity: Severity | null;

  /** Increases on every save; consumers use it to keep the newest state, writers to detect conflicts. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** Who made the last change, when known. */
  @ManyToOne(() => ExternalUser, { nullable: true, onDelete: 'SET NULL' })
  updatedBy: Relation<ExternalUser> | null;

  @Column({ type: 'int', nullable: true })
  updatedById: number | null;

  get isClosed(): boolean {
    return this.endTime !== null && this.endTime !== undefined;
  }
}
