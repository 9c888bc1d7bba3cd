import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SlackJob } from '@response/contracts';
import { CONFIG, type Config } from '../../config/config.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { JobQueue } from '../../queue/job-queue.js';
import { SlackEventHandler } from '../../slack/handlers/decorators.js';
import type { SlackEvent } from '../../slack/payloads.js';
import { TimelineService } from '../../timeline/timeline.service.js';
import { CommsChannelService } from '../channel/comms-channel.service.js';
import { PinnedMessageRepository } from '../channel-events/pinned-message.repository.js';
import { slackTsToDate } from '../channel-events/pins.service.js';
import type { ChannelMessage, MessageFile } from '../../record/channel-message.entity.js';
import { ChannelMessageRepository } from '../../record/channel-message.repository.js';

const PURGE_EVERY_MS = 24 * 60 * 60_000;

/** Changes that are not messages of their own: handled as edits and deletions, or not kept. */
const NOT_MESSAGES = new Set([
  'message_changed',
  'message_deleted',
  'message_replied',
  'ekm_access_denied',
]);

/**
 * The record of an incident's comms channel: every message is stored as its
 * event arrives (this app's own posts included), an edit keeps the earlier
 * text, a deletion is marked. Storage is idempotent and order-proof (see
 * ChannelMessageRepository). Timeline entries made from a message (a pin, a
 * 📌, or "Add to timeline") follow its edits and deletion.
 */
@Injectable()
export class MessageRecordService implements OnApplicationBootstrap {
  private readonly logger = new Logger(MessageRecordService.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly messages: ChannelMessageRepository,
    private readonly comms: CommsChannelService,
    private readonly timeline: TimelineService,
    private readonly pinned: PinnedMessageRepository,
    private readonly queue: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.app.worker || this.config.slack.messageRetentionDays === null) return;
    try {
      await this.queue.addRepeatable(SlackJob.PurgeMessages, {}, PURGE_EVERY_MS);
    } catch (error) {
      this.logger.warn(`Could not schedule the message purge: ${(error as Error).message}`);
    }
  }

  @SlackEventHandler('message', { bots: true })
  async onMessage(event: SlackEvent): Promise<void> {
    const channelId = str(event.channel);
    if (!channelId) return;
    const subtype = str(event.subtype) || null;
    if (
      subtype &&
      NOT_MESSAGES.has(subtype) &&
      subtype !== 'message_changed' &&
      subtype !== 'message_deleted'
    )
      return;
    const incident = await this.comms.incidentForChannel(channelId);
    if (!incident) return;
    if (subtype === 'message_changed') return this.onEdit(incident.id, channelId, event);
    if (subtype === 'message_deleted') return this.onDelete(incident.id, channelId, event);
    const ts = str(event.ts);
    const postedAt = slackTsToDate(ts);
    if (!postedAt) return;
    await this.messages.posted(
      {
        incidentId: incident.id,
        channelId,
        ts,
        threadTs: threadOf(event, ts),
        subtype,
        authorSlackId: str(event.user) || null,
        bot: Boolean(str(event.bot_id)) || subtype === 'bot_message',
        text: str(event.text),
        files: filesOf(event.files),
        postedAt,
      },
      this.config.slack.keepDeletedMessages,
    );
  }

  @JobHandler(SlackJob.PurgeMessages)
  async purge(): Promise<void> {
    const days = this.config.slack.messageRetentionDays;
    if (days === null) return;
    const purged = await this.messages.purgeClosedBefore(days);
    if (purged > 0)
      this.logger.log(`Purged ${purged} messages of incidents closed over ${days} days ago`);
  }

  private async onEdit(incidentId: number, channelId: string, event: SlackEvent): Promise<void> {
    const message = record(event.message);
    const ts = str(message.ts);
    const changedAt = str(event.event_ts) || str(event.ts);
    const postedAt = slackTsToDate(ts);
    if (!postedAt || !slackTsToDate(changedAt)) return;
    const editedAt = slackTsToDate(str(record(message.edited).ts)) ?? slackTsToDate(changedAt)!;
    const stored = await this.messages.edited(
      incidentId,
      channelId,
      ts,
      str(message.text),
      changedAt,
      editedAt,
      postedAt,
    );
    if (stored) await this.followOnTimeline(incidentId, stored);
  }

  private async onDelete(incidentId: number, channelId: string, event: SlackEvent): Promise<void> {
    const ts = str(event.deleted_ts);
    const changedAt = str(event.event_ts) || str(event.ts);
    const postedAt = slackTsToDate(ts);
    const deletedAt = slackTsToDate(changedAt);
    if (!postedAt || !deletedAt) return;
    const stored = await this.messages.deleted(
      incidentId,
      channelId,
      ts,
      changedAt,
      deletedAt,
      postedAt,
      this.config.slack.keepDeletedMessages,
    );
    if (stored) await this.followOnTimeline(incidentId, stored);
  }

  /** The timeline entries made from a message show its latest text, or that it was deleted. */
  private async followOnTimeline(incidentId: number, message: ChannelMessage): Promise<void> {
    const entries = new Set<number>();
    if (message.timelineEntryId) entries.add(message.timelineEntryId);
    const pinnedEntry = await this.pinned.entryOf(incidentId, message.ts);
    if (pinnedEntry) entries.add(pinnedEntry);
    for (const entryId of entries) {
      try {
        const entry = await this.timeline.findOne(incidentId, entryId);
        const metadata = { ...(entry.metadata ?? {}) };
        let text: string;
        if (message.deleted) {
          metadata.deleted = true;
          text = message.text || 'This message was deleted in Slack.';
        } else {
          metadata.edited_at = message.editedAt?.toISOString() ?? null;
          text = message.text.trim() || '(a message without text)';
        }
        await this.timeline.update(incidentId, entryId, { text, metadata });
      } catch (error) {
        this.logger.warn(
          `Timeline entry ${entryId} of incident ${incidentId} not updated after a change to ${message.ts}: ${(error as Error).message}`,
        );
      }
    }
  }
}

/** A reply's parent; none for a message that starts a thread (its `thread_ts` is its own `ts`). */
function threadOf(event: SlackEvent, ts: string): string | null {
  const thread = str(event.thread_ts);
  return thread && thread !== ts ? thread : null;
}

function filesOf(value: unknown): MessageFile[] {
  if (!Array.isArray(value)) return [];
  return value.slice(0, 50).map((raw) => {
    const file = record(raw);
    return {
      name: str(file.name) || str(file.title) || 'file',
      type: str(file.mimetype) || str(file.filetype) || null,
      size: typeof file.size === 'number' ? file.size : null,
      permalink: str(file.permalink) || null,
    };
  });
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
