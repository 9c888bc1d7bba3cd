import { Injectable, Logger } from '@nestjs/common';
import { AppId, TimelineEventType } from '@response/contracts';
import { NotFoundError } from '../../common/errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { TimelineService } from '../../timeline/timeline.service.js';
import type { ExternalUser } from '../../users/external-user.entity.js';
import { UserSerializer } from '../../users/user.serializer.js';
import { UsersService } from '../../users/users.service.js';
import { truncate } from '../blocks/block-kit.js';

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
 * PinnedMessage row and its TimelineEvent are written in one transaction; the
 * unique (incident, message ts) makes a second pin of the same message a no-op.
 */
@Injectable()
export class PinsService {
  private readonly logger = new Logger(PinsService.name);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly timeline: TimelineService,
    private readonly users: UsersService,
  ) {}

  /** Returns false when the message was already on the timeline. */
  async pin(incidentId: number, message: PinnedSlackMessage): Promise<boolean> {
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
      const inserted: { id: number }[] = await m.query(
        `INSERT INTO pinned_message (incident_id, author_id, message_ts, text, timestamp)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT ON CONSTRAINT uq_pinned_message_incident_ts DO NOTHING
         RETURNING id`,
        [incidentId, author?.id ?? null, message.ts, text, timestamp],
      );
      if (inserted.length === 0) return false;
      const event = await this.timeline.create(
        incidentId,
        {
          timestamp,
          text,
          eventType: TimelineEventType.SlackPin,
          metadata: {
            author: UserSerializer.toDtoOrNull(author),
            message_ts: message.ts,
            channel_id: message.channelId,
          },
        },
        m,
      );
      await m.query(`UPDATE pinned_message SET timeline_event_id = $1 WHERE id = $2`, [
        event.id,
        inserted[0].id,
      ]);
      this.logger.log(
        `Pinned message ${message.ts} of ${message.channelId} added to the timeline of incident ${incidentId}`,
      );
      return true;
    });
  }

  /** Removes the pinned message and its timeline entry; false when there was none. */
  async unpin(incidentId: number, ts: string): Promise<boolean> {
    return this.uow.run(async (m) => {
      const deleted: [{ timeline_event_id: number | null }[], number] = await m.query(
        `DELETE FROM pinned_message WHERE incident_id = $1 AND message_ts = $2 RETURNING timeline_event_id`,
        [incidentId, ts],
      );
      const rows = deleted[0];
      if (rows.length === 0) return false;
      for (const row of rows) {
        if (row.timeline_event_id === null) continue;
        try {
          await this.timeline.remove(incidentId, row.timeline_event_id, m);
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
