import { Injectable, Logger } from '@nestjs/common';
import { AppId, TimelineEntryType } from '@response/contracts';
import { NotFoundError } from '../../common/errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { TimelineService } from '../../timeline/timeline.service.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import { UserSerializer } from '../../users/user.serializer.js';
import { UsersService } from '../../users/users.service.js';
import { truncate } from '../../slack/block-kit.js';
import { PinnedMessageRepository, type PinSource } from './pinned-message.repository.js';

export type { PinSource };

/** A message of a comms channel as Slack describes it. */
export interface PinnedSlackMessage {
  channelId: string;
  ts: string;
  text: string;
  /** Slack id of the author, when a person wrote it. */
  user: string | null;
}

/** Leaves room for sanitising, which may lengthen the text, under the timeline's 10,000 characters. */
const MAX_TEXT = 4000;

/** A Slack `ts` (`seconds.micros`) as a date; null when it is not one. */
export function slackTsToDate(ts: string): Date | null {
  if (!/^\d{1,12}(\.\d{1,6})?$/.test(ts)) return null;
  const date = new Date(Math.round(Number(ts) * 1000));
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Pinned messages (a pin or a 📌 reaction) mirrored on the timeline. The
 * PinnedMessage row and its TimelineEntry are written in one transaction; the
 * unique (incident, message ts) makes a second pin of the same message a no-op.
 * The row records which sources hold it, so taking off a 📌 leaves a message
 * that is still pinned (and the reverse).
 */
@Injectable()
export class PinsService {
  private readonly logger = new Logger(PinsService.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly timeline: TimelineService,
    private readonly users: UsersService,
    private readonly pinned: PinnedMessageRepository,
  ) {}

  /** Records one source of a pin; returns false when the message was already on the timeline. */
  async pin(incidentId: number, message: PinnedSlackMessage, source: PinSource): Promise<boolean> {
    const timestamp = slackTsToDate(message.ts);
    if (!timestamp) {
      this.logger.warn(
        `Ignored a pin with a malformed ts ${JSON.stringify(message.ts)} (incident ${incidentId})`,
      );
      return false;
    }
    const author = await this.author(message.user);
    const text = truncate(message.text.trim() || '(a message without text)', MAX_TEXT);
    return this.uow.run(async (m) => {
      const rowId = await this.pinned.addSource(
        m,
        { incidentId, authorId: author?.id ?? null, ts: message.ts, text, timestamp },
        source,
      );
      if (rowId === null) return false;
      const entry = await this.timeline.create(
        incidentId,
        {
          timestamp,
          text,
          eventType: TimelineEntryType.SlackPin,
          fromSlack: true,
          metadata: {
            author: UserSerializer.toDtoOrNull(author),
            message_ts: message.ts,
            channel_id: message.channelId,
          },
        },
        m,
      );
      await this.pinned.linkTimelineEntry(m, rowId, entry.id);
      this.logger.log(
        `Pinned message ${message.ts} of ${message.channelId} added to the timeline of incident ${incidentId}`,
      );
      return true;
    });
  }

  /**
   * Withdraws one source of a pin. The message and its timeline entry go only
   * when neither a pin nor a 📌 reaction remains; false when nothing was removed.
   */
  async unpin(incidentId: number, ts: string, source: PinSource): Promise<boolean> {
    return this.uow.run(async (m) => {
      const removed = await this.pinned.removeSource(m, incidentId, ts, source);
      if (!removed.deleted) return false;
      for (const entryId of removed.timelineEntryIds) {
        try {
          await this.timeline.remove(incidentId, entryId, m);
        } catch (error) {
          // Someone already removed the entry in the web app.
          if (!(error instanceof NotFoundError)) throw error;
        }
      }
      return true;
    });
  }

  private async author(slackId: string | null): Promise<ExternalUser | null> {
    if (!slackId) return null;
    try {
      return await this.users.resolveRef({ external_id: slackId, app_id: AppId.Slack }, 'author');
    } catch {
      this.logger.warn(`Unknown author ${slackId} of a pinned message`);
      return null;
    }
  }
}
