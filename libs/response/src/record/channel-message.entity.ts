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
import { Incident } from '../incidents/incident.entity.js';
import { TimelineEntry } from '../timeline/timeline-entry.entity.js';

/** A file shared in a message, as Slack describes it (the bytes are not kept). */
export interface MessageFile {
  name: string;
  type: string | null;
  size: number | null;
  permalink: string | null;
}

/** An earlier text of an edited message, and when it was replaced. */
export interface MessageVersion {
  text: string;
  /** ISO time the text was posted or last edited. */
  at: string;
}

/**
 * One message of an incident's comms channel, kept as its event arrived:
 * edits keep their earlier versions, a deletion is marked (its text kept only
 * when KEEP_DELETED_MESSAGES is on). Unique per channel and `ts`, so Slack's
 * retries and events out of order end in the same row.
 */
@Entity('channel_message')
@Unique('uq_channel_message_channel_ts', ['channelId', 'ts'])
@Index('ix_channel_message_incident_posted', ['incidentId', 'postedAt', 'ts'])
@Index('ix_channel_message_thread', ['incidentId', 'threadTs'], {
  where: '"thread_ts" IS NOT NULL',
})
// GIN over the incident and the trigrams of `text`, for searching an incident's messages in any
// language; made by its migration (TypeORM cannot declare GIN opclasses).
@Index('ix_channel_message_search', { synchronize: false })
export class ChannelMessage {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'pk_channel_message' })
  id: string;

  @ManyToOne(() => Incident, { onDelete: 'CASCADE' })
  @JoinColumn({ foreignKeyConstraintName: 'fk_channel_message_incident' })
  incident: Relation<Incident>;

  @Column({ type: 'int' })
  incidentId: number;

  @Column({ type: 'varchar', length: 50 })
  channelId: string;

  @Column({ type: 'varchar', length: 50 })
  ts: string;

  /** The parent of a thread reply. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  threadTs: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  subtype: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  authorSlackId: string | null;

  /** Posted by a bot (this app's own posts included). */
  @Column({ type: 'boolean', default: false })
  bot: boolean;

  /** As Slack sent it (mrkdwn, `&`, `<`, `>` escaped). */
  @Column({ type: 'text', default: '' })
  text: string;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  files: MessageFile[];

  /** Earlier texts, oldest first. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  versions: MessageVersion[];

  @Column({ type: 'timestamptz' })
  postedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** Whether the message's own event arrived (an edit or deletion may come first). */
  @Column({ type: 'boolean', default: false })
  seen: boolean;

  /** Slack `ts` of the latest edit or deletion applied: an older one arriving late changes nothing. */
  @Column({ type: 'numeric', precision: 20, scale: 6, nullable: true })
  changedAt: string | null;

  /** The timeline entry made from this message, if any. */
  @ManyToOne(() => TimelineEntry, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ foreignKeyConstraintName: 'fk_channel_message_timeline_entry' })
  timelineEntry: Relation<TimelineEntry> | null;

  @Column({ type: 'int', nullable: true })
  timelineEntryId: number | null;
}
