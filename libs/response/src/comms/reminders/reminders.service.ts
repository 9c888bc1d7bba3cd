import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { incidentDocUrl, SlackJob } from '@response/contracts';
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
import { NotificationRepository } from './notification.repository.js';

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
 * claimed in the `notification` table (unique per incident and key), see
 * NotificationRepository.claim. The claim and the outgoing messages commit in
 * one transaction, with idempotency keys per occurrence, so two workers, or a
 * retried job, never send the same reminder twice.
 */
@Injectable()
export class RemindersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(RemindersService.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly notifications: NotificationRepository,
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
      await this.queue.addRepeatable(SlackJob.Reminders, {}, REMINDER_SCAN_EVERY_MS);
    } catch (error) {
      this.logger.warn(`Could not schedule reminders: ${(error as Error).message}`);
    }
  }

  @JobHandler(SlackJob.Reminders)
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
    const previous = await this.notifications.state(incident.id, notification.key);
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
      const occurrence = await this.notifications.claim(m, {
        incidentId: incident.id,
        key: notification.key,
        now,
        since: incident.reportTime,
        intervalMs,
        maxNotifications: notification.maxNotifications,
      });
      if (occurrence === null) return null;
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
