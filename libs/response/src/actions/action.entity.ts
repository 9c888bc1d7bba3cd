import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { ActionPriority, ActionType } from '@response/contracts';
import { Incident } from '../incidents/incident.entity.js';
import { ExternalUser } from '../users/external-user.entity.js';

/** A follow-up action of an incident. */
@Entity('action')
@Index('ix_action_incident', ['incidentId'])
export class Action {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'text' })
  details: string;

  @Column({ type: 'boolean', default: false })
  done: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  doneDate: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  dueDate: Date | null;

  @Column({ type: 'timestamptz' })
  createdDate: Date;

  @Column({ type: 'varchar', length: 10, nullable: true })
  priority: ActionPriority | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  type: ActionType | null;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @ManyToOne(() => ExternalUser, { nullable: true, onDelete: 'SET NULL' })
  user: Relation<ExternalUser> | null;

  @Column({ type: 'int', nullable: true })
  userId: number | null;

  /** Increases on every save; writers use it to detect conflicts. */
  @Column({ type: 'int', default: 1 })
  version: number;

  /** Who made the last change, when known. */
  @ManyToOne(() => ExternalUser, { nullable: true, onDelete: 'SET NULL' })
  updatedBy: Relation<ExternalUser> | null;

  @Column({ type: 'int', nullable: true })
  updatedById: number | null;
}
