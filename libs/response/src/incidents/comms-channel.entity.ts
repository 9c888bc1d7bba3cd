import {
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Incident } from './incident.entity.js';

/** The Slack channel where an incident is worked on; one per incident. */
@Entity('comms_channel')
export class CommsChannel {
  @PrimaryGeneratedColumn()
  id: number;

  @OneToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn()
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @Column({ type: 'varchar', length: 50, unique: true })
  channelId: string;

  @Column({ type: 'varchar', length: 100 })
  channelName: string;
}
