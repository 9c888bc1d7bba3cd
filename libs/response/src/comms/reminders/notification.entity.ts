import { Column, Entity, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Incident } from '../../incidents/incident.entity.js';

/** Progress of one recurring reminder for one incident. */
@Entity('notification')
@Unique('uq_notification_incident_key', ['incidentId', 'key'])
export class Notification {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @Column({ type: 'varchar', length: 100 })
  key: string;

  /** When it last fired. */
  @Column({ type: 'timestamptz' })
  time: Date;

  @Column({ type: 'int', default: 0 })
  repeatCount: number;

  @Column({ type: 'boolean', default: false })
  completed: boolean;
}
