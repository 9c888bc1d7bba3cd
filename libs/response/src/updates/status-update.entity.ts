import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Incident } from '../incidents/incident.entity.js';
import { ExternalUser } from '../users/external-user.entity.js';

/** A status update for stakeholders: who wrote what, when. */
@Entity('status_update')
@Index('ix_status_update_incident_posted', ['incidentId', 'postedAt'])
export class StatusUpdate {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_status_update' })
  id: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_status_update_incident' })
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @ManyToOne(() => ExternalUser, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_status_update_author' })
  author: Relation<ExternalUser> | null;

  @Column({ type: 'int', nullable: true })
  authorId: number | null;

  /** Stored HTML-escaped, as all user text (see common/sanitize.ts). */
  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'timestamptz' })
  postedAt: Date;

  /** What posted it, when that can happen twice (a Slack message handled again): one update per source. */
  @Column({ type: 'varchar', length: 200, nullable: true, unique: true })
  sourceKey: string | null;
}
