import { Column, Entity, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Incident } from '../../incidents/incident.entity.js';
import { ExternalUser } from '../../users/external-user.entity.js';

/** Messages per user per incident, and when they first spoke. */
@Entity('user_stats')
@Unique('uq_user_stats_incident_user', ['incidentId', 'userId'])
export class UserStats {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @ManyToOne(() => ExternalUser, { onDelete: 'CASCADE' })
  user: Relation<ExternalUser>;

  @Column({ type: 'int' })
  userId: number;

  @Column({ type: 'timestamptz' })
  joinTime: Date;

  @Column({ type: 'int', default: 0 })
  messageCount: number;
}
