import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SlackJob } from '@response/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DomainEvents, type IncidentChangedEvent } from '../../common/domain-events.js';
import { CONFIG, type Config } from '../../config/config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { JobQueue } from '../../queue/job-queue.js';
import { SlackClientService } from '../../slack/slack-client.service.js';

/** The warning goes this long before the channel is archived. */
export const ARCHIVE_WARNING_MS = 60 * 60_000;
/** The warning time of a claimed row, as the keys carry it. */
const WARNED = `(extract(epoch FROM c.archive_warned_at) * 1000000)::bigint::text AS warned`;
/** How many channels one sweep warns or archives at most. */
const BATCH = 100;

interface DueChannel {
  incident_id: number;
  channel_id: string;
  /** When the channel was warned, in epoch µs: part of the keys, so a later close warns again. */
  warned: string;
  archive_at: Date;
}

/**
 * ARCHIVE_AFTER: the comms channel of a closed incident is archived that long
 * after the close, with a warning an hour before; reopening the incident
 * unarchives it. Each channel is claimed by a conditional UPDATE before its
 * Slack call is queued, so however many workers sweep, each happens once.
 */
@Injectable()
export class ChannelArchiver implements OnApplicationBootstrap {
  private readonly logger = new Logger(ChannelArchiver.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly slack: SlackClientService,
    private readonly queue: JobQueue,
  ) {}

  private get archiveAfterMs(): number | null {
    return this.config.slack.enabled ? this.config.slack.archiveAfterMs : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const after = this.archiveAfterMs;
    if (!this.config.app.worker || after === null) return;
    // Often enough that a channel is archived within a few percent of its time, at most once a minute.
    const every = Math.min(60_000, Math.max(1000, Math.floor(after / 4)));
    try {
      await this.queue.addRepeatable(SlackJob.ArchiveChannels, {}, every);
    } catch (error) {
      this.logger.warn(`Could not schedule channel archiving: ${(error as Error).message}`);
    }
  }

  @JobHandler(SlackJob.ArchiveChannels)
  async sweep(): Promise<void> {
    const after = this.archiveAfterMs;
    if (after === null) return;
    const warned = await this.warnDue(after);
    const archived = await this.archiveDue(after);
    if (warned + archived > 0)
      this.logger.log(`Channel archiving: ${warned} warned, ${archived} archived`);
  }

  /** Channels of closed incidents within the warning time of their archiving, not yet warned. */
  private async warnDue(after: number): Promise<number> {
    return this.uow.run(async (m) => {
      const [due]: [DueChannel[], number] = await m.query(
        `UPDATE comms_channel c SET archive_warned_at = now()
           FROM incident i
          WHERE i.id = c.incident_id AND i.end_time IS NOT NULL
            AND c.archive_warned_at IS NULL AND c.archived_at IS NULL
            AND i.end_time + make_interval(secs => $1::double precision / 1000) <= now()
            AND c.id IN (SELECT cc.id FROM comms_channel cc JOIN incident ii ON ii.id = cc.incident_id
                          WHERE ii.end_time IS NOT NULL AND cc.archive_warned_at IS NULL
                            AND cc.archived_at IS NULL
                          ORDER BY ii.end_time LIMIT ${BATCH} FOR UPDATE OF cc SKIP LOCKED)
        RETURNING c.incident_id, c.channel_id, ${WARNED},
                  i.end_time + make_interval(secs => $2::double precision / 1000) AS archive_at`,
        [Math.max(0, after - ARCHIVE_WARNING_MS), after],
      );
      for (const channel of due) {
        const left = new Date(channel.archive_at).getTime() - Date.now();
        await this.slack.enqueue(m, {
          method: 'chat.postMessage',
          args: { channel: channel.channel_id, text: archiveWarning(left) },
          key: warningKey(channel),
          incidentId: channel.incident_id,
          channel: channel.channel_id,
        });
      }
      return due.length;
    });
  }

  /** Warned channels of closed incidents whose time has come. */
  private async archiveDue(after: number): Promise<number> {
    return this.uow.run(async (m) => {
      const [due]: [DueChannel[], number] = await m.query(
        `UPDATE comms_channel c SET archived_at = now()
           FROM incident i
          WHERE i.id = c.incident_id AND i.end_time IS NOT NULL
            AND c.archive_warned_at IS NOT NULL AND c.archived_at IS NULL
            AND i.end_time + make_interval(secs => $1::double precision / 1000) <= now()
            AND c.id IN (SELECT cc.id FROM comms_channel cc
                          WHERE cc.archive_warned_at IS NOT NULL AND cc.archived_at IS NULL
                          ORDER BY cc.archive_warned_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING c.incident_id, c.channel_id, ${WARNED}, i.end_time AS archive_at`,
        [after],
      );
      for (const channel of due) {
        await this.slack.enqueue(m, {
          method: 'conversations.archive',
          args: { channel: channel.channel_id },
          key: archiveKey(channel),
          incidentId: channel.incident_id,
          channel: channel.channel_id,
          // The warning is delivered first.
          after: { delivered: warningKey(channel) },
        });
      }
      return due.length;
    });
  }

  /** Reopening keeps the channel: unarchived if it was archived, and the clock starts again at the next close. */
  @OnEvent(DomainEvents.IncidentUpdated, { suppressErrors: false })
  async onIncidentUpdated(event: IncidentChangedEvent): Promise<void> {
    if (!event.reopened || !this.config.slack.enabled) return;
    // An UPDATE answers [rows, count].
    const [rows]: [(DueChannel & { was_archived: boolean })[], number] = await event.manager.query(
      `UPDATE comms_channel c SET archived_at = NULL, archive_warned_at = NULL
         FROM (SELECT id, archived_at, archive_warned_at FROM comms_channel
                WHERE incident_id = $1 FOR UPDATE) old
        WHERE c.id = old.id
      RETURNING c.incident_id, c.channel_id, ${WARNED.replace('c.', 'old.')},
                old.archived_at IS NOT NULL AS was_archived`,
      [event.incidentId],
    );
    const [channel] = rows;
    if (!channel?.was_archived) return;
    await this.slack.enqueue(event.manager, {
      method: 'conversations.unarchive',
      args: { channel: channel.channel_id },
      key: `unarchive:${event.incidentId}:v${event.version}`,
      incidentId: event.incidentId,
      channel: channel.channel_id,
      // An archive still in the queue goes first, so the channel ends unarchived.
      after: { delivered: archiveKey(channel) },
    });
  }
}

function warningKey(channel: DueChannel): string {
  return `archive-warning:${channel.incident_id}:${channel.warned}`;
}

function archiveKey(channel: DueChannel): string {
  return `archive:${channel.incident_id}:${channel.warned}`;
}

/** "This channel will be archived in 1 hour; reopen the incident to keep it." */
export function archiveWarning(leftMs: number): string {
  return `This channel will be archived in ${inWords(leftMs)}; reopen the incident to keep it.`;
}

function inWords(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes >= 60) return '1 hour';
  if (minutes >= 2) return `${minutes} minutes`;
  if (minutes === 1) return '1 minute';
  return 'a moment';
}
