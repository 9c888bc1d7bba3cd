import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { containsPattern } from '../common/like-pattern.js';
import type { ChannelMessage, MessageFile } from './channel-message.entity.js';

/** A message as its own event describes it. */
export interface PostedMessage {
  incidentId: number;
  channelId: string;
  ts: string;
  threadTs: string | null;
  subtype: string | null;
  authorSlackId: string | null;
  bot: boolean;
  text: string;
  files: MessageFile[];
  postedAt: Date;
}

/** One stored message with its author, as a page lists it. */
export interface MessageRow {
  ts: string;
  thread_ts: string | null;
  subtype: string | null;
  author_slack_id: string | null;
  bot: boolean;
  text: string;
  files: MessageFile[];
  versions: { text: string; at: string }[];
  posted_at: Date;
  edited_at: Date | null;
  deleted: boolean;
  timeline_entry_id: number | null;
  /** On the timeline: added from the Channel tab or the API, or pinned / 📌. */
  on_timeline: boolean;
  app_id: string | null;
  external_id: string | null;
  display_name: string | null;
  full_name: string | null;
  email: string | null;
  user_deleted: boolean | null;
}

/** Filters of a page of an incident's messages. */
export interface MessageQuery {
  /** Case-insensitive substring, any language. */
  search?: string;
  since?: Date;
  until?: Date;
  /** Only this thread: its parent and its replies. */
  thread?: string;
}

/**
 * `channel_message`. Every write is one upsert keyed by (channel, ts) whose
 * result does not depend on the order events arrive in: an edit or deletion
 * records the Slack time it happened (`changed_at`) and is applied only when
 * newer than what is stored; the message's own event never overwrites a later
 * edit; retries change nothing.
 */
@Injectable()
export class ChannelMessageRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Stores a message from its own event (created, or completed when an edit or deletion came first). */
  async posted(message: PostedMessage, keepDeleted: boolean): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO channel_message
         (incident_id, channel_id, ts, thread_ts, subtype, author_slack_id, bot, text, files, posted_at, seen)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, true)
       ON CONFLICT ON CONSTRAINT uq_channel_message_channel_ts DO UPDATE SET
         seen = true,
         thread_ts = EXCLUDED.thread_ts,
         subtype = EXCLUDED.subtype,
         author_slack_id = COALESCE(channel_message.author_slack_id, EXCLUDED.author_slack_id),
         bot = EXCLUDED.bot,
         files = EXCLUDED.files,
         posted_at = EXCLUDED.posted_at,
         -- An edit that came first keeps its text; the posted text becomes its earliest version.
         text = CASE
           WHEN channel_message.changed_at IS NULL THEN EXCLUDED.text
           WHEN channel_message.deleted AND $11 AND channel_message.text = '' THEN EXCLUDED.text
           ELSE channel_message.text END,
         versions = CASE
           WHEN channel_message.seen OR channel_message.changed_at IS NULL
             OR (channel_message.deleted AND NOT $11) THEN channel_message.versions
           WHEN channel_message.deleted AND channel_message.text = '' THEN channel_message.versions
           ELSE jsonb_build_array(jsonb_build_object('text', EXCLUDED.text, 'at', EXCLUDED.posted_at))
                || channel_message.versions END`,
      [
        message.incidentId,
        message.channelId,
        message.ts,
        message.threadTs,
        message.subtype,
        message.authorSlackId,
        message.bot,
        message.text,
        JSON.stringify(message.files),
        message.postedAt,
        keepDeleted,
      ],
    );
  }

  /**
   * Applies an edit made at Slack time `changedAt` (`seconds.micros`): the text
   * it replaced becomes a version. Returns the message, or null when a newer
   * change was already applied (or it is deleted).
   */
  async edited(
    incidentId: number,
    channelId: string,
    ts: string,
    text: string,
    changedAt: string,
    editedAt: Date,
    postedAt: Date,
  ): Promise<ChannelMessage | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO channel_message
         (incident_id, channel_id, ts, text, posted_at, edited_at, changed_at, seen)
       VALUES ($1, $2, $3, $4, $7, $6, $5, false)
       ON CONFLICT ON CONSTRAINT uq_channel_message_channel_ts DO UPDATE SET
         text = EXCLUDED.text,
         edited_at = EXCLUDED.edited_at,
         changed_at = EXCLUDED.changed_at,
         versions = channel_message.versions || jsonb_build_array(jsonb_build_object(
           'text', channel_message.text,
           'at', COALESCE(channel_message.edited_at, channel_message.posted_at)))
       WHERE NOT channel_message.deleted
         AND (channel_message.changed_at IS NULL OR channel_message.changed_at < EXCLUDED.changed_at)
       RETURNING id`,
      [incidentId, channelId, ts, text, changedAt, editedAt, postedAt],
    );
    return rows.length > 0 ? this.find(channelId, ts) : null;
  }

  /**
   * Marks a message deleted at Slack time `changedAt`; without `keepText` its
   * text and versions are removed. Returns the message, or null when nothing changed.
   */
  async deleted(
    incidentId: number,
    channelId: string,
    ts: string,
    changedAt: string,
    deletedAt: Date,
    postedAt: Date,
    keepText: boolean,
  ): Promise<ChannelMessage | null> {
    const rows: { id: string }[] = await this.dataSource.query(
      `INSERT INTO channel_message
         (incident_id, channel_id, ts, text, posted_at, deleted, deleted_at, changed_at, seen)
       VALUES ($1, $2, $3, '', $7, true, $5, $4, false)
       ON CONFLICT ON CONSTRAINT uq_channel_message_channel_ts DO UPDATE SET
         deleted = true,
         deleted_at = EXCLUDED.deleted_at,
         changed_at = EXCLUDED.changed_at,
         text = CASE WHEN $6 THEN channel_message.text ELSE '' END,
         versions = CASE WHEN $6 THEN channel_message.versions ELSE '[]'::jsonb END
       WHERE NOT channel_message.deleted
       RETURNING id`,
      [incidentId, channelId, ts, changedAt, deletedAt, keepText, postedAt],
    );
    return rows.length > 0 ? this.find(channelId, ts) : null;
  }

  find(channelId: string, ts: string, manager?: EntityManager): Promise<ChannelMessage | null> {
    return (manager ?? this.dataSource.manager).findOne('ChannelMessage', {
      where: { channelId, ts },
    }) as Promise<ChannelMessage | null>;
  }

  findInIncident(
    incidentId: number,
    ts: string,
    manager?: EntityManager,
  ): Promise<ChannelMessage | null> {
    return (manager ?? this.dataSource.manager).findOne('ChannelMessage', {
      where: { incidentId, ts },
    }) as Promise<ChannelMessage | null>;
  }

  async linkTimelineEntry(manager: EntityManager, id: string, entryId: number): Promise<void> {
    await manager.query(`UPDATE channel_message SET timeline_entry_id = $1 WHERE id = $2`, [
      entryId,
      id,
    ]);
  }

  /**
   * A page of an incident's messages, oldest first, with the total. The page
   * comes first: when it ends before `limit`, it tells the total by itself
   * (a search matching a few messages is one statement); otherwise the total
   * is counted. Both are served by ix_channel_message_incident_posted, and a
   * search by ix_channel_message_search (the incident and the text's trigrams).
   */
  async page(
    incidentId: number,
    query: MessageQuery,
    offset: number,
    limit: number,
  ): Promise<{ count: number; rows: MessageRow[] }> {
    const where = ['m.incident_id = $1'];
    const params: unknown[] = [incidentId];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.search)
      where.push(`m.text ILIKE ${param(containsPattern(query.search))} ESCAPE '\\'`);
    if (query.since) where.push(`m.posted_at >= ${param(query.since)}`);
    if (query.until) where.push(`m.posted_at <= ${param(query.until)}`);
    if (query.thread) {
      const thread = param(query.thread);
      where.push(`(m.ts = ${thread} OR m.thread_ts = ${thread})`);
    }
    const condition = where.join(' AND ');
    const filters = [...params];
    const rows: MessageRow[] = await this.dataSource.query(
      `SELECT m.ts, m.thread_ts, m.subtype, m.author_slack_id, m.bot, m.text, m.files, m.versions,
              m.posted_at, m.edited_at, m.deleted, m.timeline_entry_id,
              (m.timeline_entry_id IS NOT NULL OR EXISTS (
                 SELECT 1 FROM pinned_message p
                  WHERE p.incident_id = m.incident_id AND p.message_ts = m.ts
                    AND p.timeline_event_id IS NOT NULL)) AS on_timeline,
              u.app_id, u.external_id, u.display_name, u.full_name, u.email, u.deleted AS user_deleted
         FROM channel_message m
         LEFT JOIN external_user u ON u.app_id = 'slack' AND u.external_id = m.author_slack_id
        WHERE ${condition}
        ORDER BY m.posted_at, m.ts
        OFFSET ${param(offset)} LIMIT ${param(limit)}`,
      params,
    );
    // A short page is the last one, unless it is empty past the first: then the offset may overshoot.
    if (rows.length < limit && (rows.length > 0 || offset === 0))
      return { count: offset + rows.length, rows };
    const [{ count }]: { count: string }[] = await this.dataSource.query(
      `SELECT count(*) AS count FROM channel_message m WHERE ${condition}`,
      filters,
    );
    return { count: Number(count), rows };
  }

  /** Deletes the messages of incidents closed more than `days` ago; returns how many. */
  async purgeClosedBefore(days: number): Promise<number> {
    const [, count]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM channel_message m USING incident i
        WHERE m.incident_id = i.id AND i.end_time < now() - make_interval(days => $1)`,
      [days],
    );
    return count ?? 0;
  }
}
