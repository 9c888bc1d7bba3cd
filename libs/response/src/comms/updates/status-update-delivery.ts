import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { incidentDocUrl, SlackJob, type SlackCallJob } from '@response/contracts';
import { DomainEvents, type StatusUpdatePostedEvent } from '../../common/domain-events.js';
import { CONFIG, type Config } from '../../config/config.js';
import { UnitOfWork } from '../../database/unit-of-work.js';
import { IncidentRepository } from '../../incidents/incident.repository.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { JobHandler } from '../../queue/job-handler.decorator.js';
import { RetryLaterError, type Job } from '../../queue/queue.types.js';
import { SLACK_JOB_ATTEMPTS, SlackClientService } from '../../slack/slack-client.service.js';
import { StatusUpdatesService } from '../../updates/status-updates.service.js';
import { HeadlinePostRepository } from '../headline/headline-post.repository.js';
import { stakeholderMessage, updateMessage } from './status-update-messages.js';

/** Tries that wait for a headline post still on its way before the thread reply is given up. */
const HEADLINE_WAIT_TRIES = 20;

/**
 * Sends a status update where it goes in Slack, from any source (command,
 * modal, `/core`, the web doc). In the posting transaction, one job is
 * recorded; the job records one keyed call per place:
 *
 * - the comms channel, when there is one;
 * - a reply in the thread of the headline post (in the incidents channel, or the report channel);
 * - `INCIDENT_UPDATES_CHANNEL_ID`, with a link to the doc.
 *
 * A private incident's update stays in its own channel: one reply in the
 * thread of its headline (which lives there), also shown in the channel.
 * Keys per update and place: a retried job posts nothing twice.
 */
@Injectable()
export class StatusUpdateDelivery {
  private readonly logger = new Logger(StatusUpdateDelivery.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly outbox: OutboxService,
    private readonly unitOfWork: UnitOfWork,
    private readonly slack: SlackClientService,
    private readonly updates: StatusUpdatesService,
    private readonly incidents: IncidentRepository,
    private readonly headlines: HeadlinePostRepository,
  ) {}

  @OnEvent(DomainEvents.StatusUpdatePosted, { suppressErrors: false })
  async onPosted(event: StatusUpdatePostedEvent): Promise<void> {
    if (!this.config.slack.enabled) return;
    await this.outbox.push(event.manager, {
      name: SlackJob.PostStatusUpdate,
      data: { incidentId: event.incidentId, updateId: event.updateId },
      key: `status-update:${event.updateId}`,
      attempts: SLACK_JOB_ATTEMPTS,
    });
  }

  @JobHandler(SlackJob.PostStatusUpdate)
  async deliver(job: Job<typeof SlackJob.PostStatusUpdate>): Promise<void> {
    const { incidentId, updateId } = job.data;
    const update = await this.updates.findOne(updateId);
    const incident = await this.incidents.findWithChannel(incidentId);
    if (!update || !incident) {
      this.logger.log(`Status update ${updateId} of incident ${incidentId} is gone; not sent`);
      return;
    }
    const headline = await this.headlines.find(incidentId);
    const thread = headline?.messageTs
      ? { channel: headline.channelId, ts: headline.messageTs }
      : null;
    const waiting = !thread && job.attemptsMade < HEADLINE_WAIT_TRIES;
    const text = updateMessage(update);
    const key = (place: string) => `status-update:${updateId}:${place}`;
    const calls: SlackCallJob[] = [];
    const comms = incident.commsChannel?.channelId ?? null;

    if (incident.private) {
      // Nowhere but its own channel: its headline lives there (once the channel exists).
      if (!comms) return;
      if (waiting) throw this.waitForHeadline(job);
      const inThread = thread?.channel === comms ? thread.ts : null;
      calls.push({
        method: 'chat.postMessage',
        args: {
          channel: comms,
          text,
          ...(inThread ? { thread_ts: inThread, reply_broadcast: true } : {}),
        },
        key: key('private'),
        incidentId,
        channel: comms,
      });
    } else {
      if (comms)
        calls.push({
          method: 'chat.postMessage',
          args: { channel: comms, text },
          key: key('comms'),
          incidentId,
          channel: comms,
        });
      const stakeholders = this.config.updates.channelId;
      if (stakeholders)
        calls.push({
          method: 'chat.postMessage',
          args: {
            channel: stakeholders,
            text: stakeholderMessage(
              incident,
              update,
              incidentDocUrl(this.config.app.siteUrl, incidentId),
            ),
            unfurl_links: false,
          },
          key: key('stakeholders'),
          incidentId,
          channel: stakeholders,
        });
      if (thread)
        calls.push({
          method: 'chat.postMessage',
          args: { channel: thread.channel, thread_ts: thread.ts, text },
          key: key('thread'),
          incidentId,
          channel: thread.channel,
        });
    }
    // Keyed: calls recorded by an earlier try of this job are delivered once all the same.
    await this.unitOfWork.run(async (manager) => {
      for (const call of calls) await this.slack.enqueue(manager, call);
    });
    if (!incident.private && !thread) {
      if (waiting) throw this.waitForHeadline(job);
      this.logger.warn(
        `Status update ${updateId}: incident ${incidentId} has no headline post; no thread reply`,
      );
    }
  }

  private waitForHeadline(job: Job<typeof SlackJob.PostStatusUpdate>): RetryLaterError {
    const delay = Math.min(500 * 2 ** job.attemptsMade, 30_000);
    return new RetryLaterError(
      `Status update ${job.data.updateId} waits for the headline post of incident ${job.data.incidentId}`,
      delay,
    );
  }
}
