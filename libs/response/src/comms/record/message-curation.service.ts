import { Injectable, Logger } from '@nestjs/common';
import { AppId, TimelineEntryType, type TimelineEntryDto } from '@response/contracts';
import { NotFoundError } from '../../common/errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import type { ChannelMessage } from '../../record/channel-message.entity.js';
import { ChannelMessageRepository } from '../../record/channel-message.repository.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { TimelineService } from '../../timeline/timeline.service.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import { UserSerializer } from '../../users/user.serializer.js';
import { UsersService } from '../../users/users.service.js';

/** Longest text of a timeline entry made from a message, as for pins. */
const MAX_TEXT = 4000;

/**
 * Building the timeline after the fact: any kept message of the incident
 * channel becomes a `slack_message` entry at the message's own time, with its
 * author and permalink. Adding it again returns the same entry.
 */
@Injectable()
export class MessageCurationService {
  private readonly logger = new Logger(MessageCurationService.name);

  constructor(
    private readonly messages: ChannelMessageRepository,
    private readonly timeline: TimelineService,
    private readonly users: UsersService,
    private readonly slack: SlackClientService,
    private readonly uow: UnitOfWork,
  ) {}

  /** The entry made from the message, created on first call; `created` says which. */
  async addToTimeline(
    incidentId: number,
    ts: string,
  ): Promise<{ entry: TimelineEntryDto; created: boolean }> {
    const permalink = await this.permalinkBase();
    const author = await this.authorOf(incidentId, ts);
    const result = await this.uow.run(async (m) => {
      // Locks the message: two clicks at once make one entry.
      const [message]: ChannelMessage[] = await m.query(
        `SELECT id, channel_id AS "channelId", ts, text, posted_at AS "postedAt", deleted,
                timeline_entry_id AS "timelineEntryId"
           FROM channel_message WHERE incident_id = $1 AND ts = $2 FOR UPDATE`,
        [incidentId, ts],
      );
      if (!message) throw new NotFoundError('Message', ts);
      if (message.timelineEntryId) {
        const existing = await this.timeline
          .findOne(incidentId, message.timelineEntryId, m)
          .catch(() => null);
        if (existing) return { entry: existing, created: false };
      }
      const text = message.deleted
        ? message.text || 'This message was deleted in Slack.'
        : message.text.trim() || '(a message without text)';
      const entry = await this.timeline.create(
        incidentId,
        {
          timestamp: new Date(message.postedAt),
          text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text,
          eventType: TimelineEntryType.SlackMessage,
          metadata: {
            author: UserSerializer.toDtoOrNull(author),
            message_ts: message.ts,
            channel_id: message.channelId,
            permalink: permalink
              ? messagePermalink(permalink, message.channelId, message.ts)
              : null,
            ...(message.deleted ? { deleted: true } : {}),
          },
        },
        m,
      );
      await this.messages.linkTimelineEntry(m, message.id, entry.id);
      return { entry, created: true };
    });
    if (result.created)
      this.logger.log(`Message ${ts} added to the timeline of incident ${incidentId}`);
    return { entry: await this.timeline.toDto(result.entry), created: result.created };
  }

  private async authorOf(incidentId: number, ts: string): Promise<ExternalUser | null> {
    const message = await this.messages.findInIncident(incidentId, ts);
    if (!message) throw new NotFoundError('Message', ts);
    if (!message.authorSlackId) return null;
    try {
      return await this.users.resolveRef(
        { external_id: message.authorSlackId, app_id: AppId.Slack },
        'author',
      );
    } catch {
      return null;
    }
  }

  /** The workspace address, asked of Slack once per process; null without Slack. */
  private async permalinkBase(): Promise<string | null> {
    if (!this.slack.enabled) return null;
    return this.slack.workspaceUrl();
  }
}

/** `https://acme.slack.com/archives/C123/p1700000000000100`: Slack's link to one message. */
export function messagePermalink(workspaceUrl: string, channelId: string, ts: string): string {
  const base = workspaceUrl.endsWith('/') ? workspaceUrl : `${workspaceUrl}/`;
  return `${base}archives/${channelId}/p${ts.replace('.', '')}`;
}
