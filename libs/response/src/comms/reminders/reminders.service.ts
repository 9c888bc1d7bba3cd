import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { incidentDocUrl, SLACK_QUEUE, SlackJob } from '@response/contracts';
import type { DataSource } from 'typeorm';
import { CONFIG, type Config } from '../../config/config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import { IncidentRepository } from '../../incidents/incident.repository.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { JobQueue } from '../../queue/job-queue.js';
import type { SlackMessage } from '../../slack/handlers/handler-registry.js';
import {
  ExtensionRegistry,
  type ReminderContext,
  type RegisteredNotification,
} from '../extensions/extension-registry.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { Clock } from './clock.js';

/** How often the scan runs. */
export const REMINDER_SCAN_EVERY_MS = 30_000;

interface Outgoing {
  channel: string;
  message: SlackMessage;
}

/** Outcome of one scan, for logs and tests. */
export interface ReminderScan {
  incidents: number;
  sent: { incidentId: number; key: string; occurrence: number }[];
}

/**
 * Recurring reminders for open incidents that have a comms channel. A
 * repeatable job scans them; for each reminder that applies, the send is
 * claimed in the `notification` table (unique per incident and key) with one
 * atomic insert-or-update that only succeeds when the interval has passed and
 * the maximum is not reached. The claim and the outgoing messages commit in
 * one transaction, with idempotency keys per occurrence, so two workers, or a
 * retried job, never send the same reminder twice.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly queue: JobQueue,
    private readonly registry: ExtensionRegistry,
    private readonly incidents: IncidentRepository,
    private readonly slack: SlackClientService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.app.worker || !this.config.slack.enabled) return;
    try {
      await this.queue.addRepeatable(SLACK_QUEUE, SlackJob.Reminders, {}, REMINDER_SCAN_EVERY_MS);
    } catch (error) {
      this.logger.warn(`Could not schedule reminders: ${(error as Error).message}`);
    }
  }

  @JobHandler(SLACK_QUEUE, SlackJob.Reminders)
  async run(): Promise<void> {
    const scan = await this.scan();
    if (scan.sent.length > 0)
      this.logger.log(`Sent ${scan.sent.length} reminders for ${scan.incidents} open incidents`);
  }

  /** Checks every reminder of every open incident with a comms channel, now. */
  async scan(): Promise<ReminderScan> {
    const now = this.clock.now();
    const open = await this.incidents.openWithChannel();
    const result: ReminderScan = { incidents: open.length, sent: [] };
    for (const incident of open) {
      for (const notification of this.registry.notifications()) {
        try {
          const occurrence = await this.remind(incident, notification, now);
          if (occurrence)
            result.sent.push({ incidentId: incident.id, key: notification.key, occurrence });
        } catch (error) {
          this.logger.error(
            `Reminder ${notification.key} for incident ${incident.id} failed: ${(error as Error).message}`,
          );
        }
      }
    }
    return result;
  }

  /** Sends one reminder if it applies and is due; returns which occurrence was sent, or null. */
  private async remind(
    incident: IncidentWithChannel,
    notification: RegisteredNotification,
    now: Date,
  ): Promise<number | null> {
    const state: { repeat_count: number; completed: boolean; time: Date }[] =
      await this.dataSource.query(
        `SELECT repeat_count, completed, time FROM notification WHERE incident_id = $1 AND key = $2`,
        [incident.id, notification.key],
      );
    const previous = state[0];
    if (previous && (previous.completed || previous.repeat_count >= notification.maxNotifications))
      return null;
    const intervalMs = notification.intervalMins * 60_000;
    const since = previous ? new Date(previous.time) : incident.reportTime;
    if (now.getTime() - since.getTime() < intervalMs) return null;

    const channelId = incident.commsChannel!.channelId;
    const outgoing: Outgoing[] = [];
    const context: ReminderContext = {
      channelId,
      now,
      docUrl: incidentDocUrl(this.config.app.siteUrl, incident.id),
      occurrence: (previous?.repeat_count ?? 0) + 1,
      say: (message) => outgoing.push({ channel: channelId, message }),
      dm: (user, message) => outgoing.push({ channel: user, message }),
    };
    const applies = await notification.run(incident, context);
    if (!applies || outgoing.length === 0) return null;

    return this.uow.run(async (m) => {
      const claimed: { repeat_count: number }[] = await m.query(
        `INSERT INTO notification (incident_id, key, time, repeat_count, completed)
         SELECT $1, $2, $3::timestamptz, 1, $4 <= 1
          WHERE $5::timestamptz <= $3::timestamptz - $6 * interval '1 millisecond'
         ON CONFLICT ON CONSTRAINT uq_notification_incident_key DO UPDATE
            SET time = EXCLUDED.time,
                repeat_count = notification.repeat_count + 1,
                completed = notification.repeat_count + 1 >= $4
          WHERE NOT notification.completed
            AND notification.repeat_count < $4
            AND notification.time <= EXCLUDED.time - $6 * interval '1 millisecond'
         RETURNING repeat_count`,
        [
          incident.id,
          notification.key,
          now,
          notification.maxNotifications,
          incident.reportTime,
          intervalMs,
        ],
      );
      if (claimed.length === 0) return null;
      const occurrence = Number(claimed[0].repeat_count);
      for (const [index, out] of outgoing.entries()) {
        const body = typeof out.message === 'string' ? { text: out.message } : out.message;
        await this.slack.enqueue(m, {
          method: 'chat.postMessage',
          args: {
            channel: out.channel,
            text: body.text,
            ...(body.blocks ? { blocks: body.blocks } : {}),
          },
          key: `reminder:${incident.id}:${notification.key}:${occurrence}:${index}`,
          incidentId: incident.id,
          channel: out.channel,
        });
      }
      this.logger.log(`Reminder ${notification.key} #${occurrence} for incident ${incident.id}`);
      return occurrence;
    });
  }
}
