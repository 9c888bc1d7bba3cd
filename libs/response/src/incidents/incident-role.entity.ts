import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  type Relation,
} from 'typeorm';
import { ExternalUser } from '../users/external-user.entity.js';
import { Incident } from './incident.entity.js';

/**
 * Who holds a role of an incident besides its lead (`INCIDENT_ROLES`): one row
 * per incident and role key while someone holds it. A row whose key is no
 * longer configured is kept, and shown again if the role comes back.
 */
@Entity('incident_role')
@Unique('uq_incident_role_incident_role', ['incidentId', 'role'])
@Index('ix_incident_role_user', ['userId', 'incidentId'])
export class IncidentRoleAssignment {
  @PrimaryGeneratedColumn({ primaryKeyConstraintName: 'pk_incident_role' })
  id: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_incident_role_incident' })
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  /** The role's key, e.g. `comms`. */
  @Column({ type: 'varchar', length: 50 })
  role: string;

  @ManyToOne(() => ExternalUser, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_incident_role_user' })
  user: Relation<ExternalUser>;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'timestamptz' })
  assignedAt: Date;
}
