import {
  Column,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { Incident } from '../../incidents/incident.entity.js';

/** The message in the incidents channel that shows an incident; updated in place. */
@Entity('headline_post')
export class HeadlinePost {
  @PrimaryGeneratedColumn()
  id: number;

  @OneToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn()
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @Column({ type: 'varchar', length: 50, nullable: true })
  messageTs: string | null;

  @Column({ type: 'varchar', length: 50 })
  channelId: string;

  /** The incident version last rendered into the message. */
  @Column({ type: 'int', default: 0 })
  renderedVersion: number;

  /** Hash of the text and blocks last sent, so an identical render is not sent again. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  renderedHash: string | null;
}
