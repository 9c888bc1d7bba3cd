import { Column, Entity, ManyToOne, PrimaryGeneratedColumn, Unique, type Relation } from 'typeorm';
import { Incident } from '../../incidents/incident.entity.js';
import { TimelineEntry } from '../../timeline/timeline-entry.entity.js';
import { ExternalUser } from '../../users/external-user.entity.js';

/** A message pinned in a comms channel, mirrored as a timeline entry. */
@Entity('pinned_message')
@Unique('uq_pinned_message_incident_ts', ['incidentId', 'messageTs'])
export class PinnedMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @ManyToOne(() => ExternalUser, { nullable: true, onDelete: 'SET NULL' })
  author: Relation<ExternalUser> | null;

  @Column({ type: 'int', nullable: true })
  authorId: number | null;

  @Column({ type: 'varchar', length: 50 })
  messageTs: string;

  @Column({ type: 'text' })
  text: string;

  @ManyToOne(() => TimelineEntry, { nullable: true, onDelete: 'SET NULL' })
  timelineEvent: Relation<TimelineEntry> | null;

  @Column({ type: 'int', nullable: true })
  timelineEventId: number | null;

  @Column({ type: 'timestamptz' })
  timestamp: Date;

  /** Pinned in Slack (pin_added); the entry stays while this or `reacted` holds. */
  @Column({ type: 'boolean', default: false })
  pinned: boolean;

  /** Carries a 📌 reaction (reaction_added). */
  @Column({ type: 'boolean', default: false })
  reacted: boolean;
}
