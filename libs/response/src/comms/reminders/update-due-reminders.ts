import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SlackJob } from '@response/contracts';
import { CONFIG, type Config } from '../../config/config.js';
import { DomainError } from '../../common/errors.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import type { IncidentWithChannel } from '../../incidents/full-incident.js';
import { IncidentRepository } from '../../incidents/incident.repository.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { JobQueue } from '../../queue/job-queue.js';
import { section } from '../../slack/block-kit.js';
import { SlackActionHandler } from '../../slack/handlers/decorators.js';
import type { BlockActionContext } from '../../slack/handlers/handler-registry.js';
import { SlackClientService } from '../../slack/slack-client.service.js';
import { StatusUpdatesService } from '../../updates/status-updates.service.js';
import { ClickGuard } from '../channel/click-guard.js';
import { isSlackUser } from '../slack-users/slack-user.js';
import {
  reminderMessage,
  snoozedMessage,
  SnoozeActions,
} from '../updates/status-update-messages.js';
import { Clock } from './clock.js';

/** Scans often enough for the shortest cadence (a quarter of it), between 1 and 15 seconds. */
export function scanEveryMs(config: Config): number {
  const shortest = Math.min(
    ...Object.values(config.updates.cadence).filter((ms): ms is number => ms !== null),
  );
  return Math.min(15_000, Math.max(1000, Math.round(shortest / 4 / 1000) * 1000));
}

/** Outcome of one scan, for logs and tests. */
export interface UpdateDueScan {
  incidents: number;
  reminded: { incidentId: number; due: Date }[];
}

/**
 * "An update for stakeholders is due": once an incident's status update is
 * overdue (`STATUS_UPDATE_CADENCE`), its lead (or the reporter, without a
 * lead) is reminded in the comms channel, once per due time, with **Post
 * update** and **Snooze** buttons. Each reminder is claimed with one
 * conditional statement on the incident's clock (see
 * `UpdateClockRepository.claimReminder`) in the transaction that records its
 * message, keyed by the due time: several workers scanning at once send it once.
 */
@Injectable()
export class UpdateDueReminders implements OnApplicationBootstrap {
  private readonly logger = new Logger(UpdateDueReminders.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly queue: JobQueue,
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentRepository,
    private readonly updates: StatusUpdatesService,
    private readonly slack: SlackClientService,
    private readonly guard: ClickGuard,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.app.worker || !this.config.slack.enabled) return;
    if (Object.values(this.config.updates.cadence).every((ms) => ms === null)) return;
    try {
      await this.queue.addRepeatable(SlackJob.StatusUpdateReminders, {}, scanEveryMs(this.config));
    } catch (error) {
      this.logger.warn(`Could not schedule update reminders: ${(error as Error).message}`);
    }
  }

  @JobHandler(SlackJob.StatusUpdateReminders)
  async run(): Promise<void> {
    const scan = await this.scan();
    if (scan.reminded.length > 0)
      this.logger.log(`Reminded ${scan.reminded.length} incidents that a status update is due`);
  }

  /** Reminds of every open incident (with a comms channel) whose update is overdue now. */
  async scan(): Promise<UpdateDueScan> {
    const now = this.clock.now();
    const open = await this.incidents.openWithChannel();
    const result: UpdateDueScan = { incidents: open.length, reminded: [] };
    for (const incident of open) {
      const due = this.updates.dueOf(incident);
      if (!due || due > now) continue;
      if (incident.updateClock?.remindedDue?.getTime() === due.getTime()) continue;
      try {
        if (await this.remind(incident, due))
          result.reminded.push({ incidentId: incident.id, due });
      } catch (error) {
        this.logger.error(
          `Update reminder for incident ${incident.id} failed: ${(error as Error).message}`,
        );
      }
    }
    return result;
  }

  private remind(incident: IncidentWithChannel, due: Date): Promise<boolean> {
    const channel = incident.commsChannel!.channelId;
    const owner = [incident.lead, incident.reporter].find(isSlackUser) ?? null;
    const message = reminderMessage(incident.id, due, owner);
    return this.uow.run(async (m) => {
      if (!(await this.updates.claimReminder(m, incident, due))) return false;
      await this.slack.enqueue(m, {
        method: 'chat.postMessage',
        args: { channel, text: message.text, blocks: message.blocks },
        key: `update-due:${incident.id}:${due.getTime()}`,
        incidentId: incident.id,
        channel,
      });
      this.logger.log(`Update reminder for incident ${incident.id} (due ${due.toISOString()})`);
      return true;
    });
  }

  @SlackActionHandler(SnoozeActions[0].id)
  snooze15(context: BlockActionContext): Promise<void> {
    return this.snooze(context, SnoozeActions[0]);
  }

  @SlackActionHandler(SnoozeActions[1].id)
  snooze30(context: BlockActionContext): Promise<void> {
    return this.snooze(context, SnoozeActions[1]);
  }

  @SlackActionHandler(SnoozeActions[2].id)
  snooze60(context: BlockActionContext): Promise<void> {
    return this.snooze(context, SnoozeActions[2]);
  }

  /** Moves the due time (see `StatusUpdatesService.snooze`) and says so in place of the reminder. */
  private async snooze(
    context: BlockActionContext,
    choice: (typeof SnoozeActions)[number],
  ): Promise<void> {
    const incidentId = Number(context.value);
    if (!Number.isSafeInteger(incidentId) || incidentId <= 0) return;
    if (!(await this.guard.incidentOf(incidentId, context))) return;
    let until: Date;
    try {
      until = await this.updates.snooze(incidentId, choice.ms, this.clock.now());
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await this.guard.tell(context, 'There is no status update due to snooze.');
      return;
    }
    this.logger.log(
      `Update reminder of incident ${incidentId} snoozed by ${context.userId} until ${until.toISOString()}`,
    );
    if (!context.channelId || !context.messageTs) return;
    const text = snoozedMessage(context.userId, choice.label, until);
    await this.slack.enqueue(null, {
      method: 'chat.update',
      args: {
        channel: context.channelId,
        ts: context.messageTs,
        text,
        blocks: [section(undefined, text)],
      },
      key: `update-snoozed:${context.channelId}:${context.messageTs}:${until.getTime()}`,
      incidentId,
      channel: context.channelId,
    });
  }
}
