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

  /** When the channel was told it would be archived (`ARCHIVE_AFTER`). */
  @Column({ type: 'timestamptz', nullable: true })
  archiveWarnedAt: Date | null;

  /** When the channel was archived; null while it is open. */
  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;
}
