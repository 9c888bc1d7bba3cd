import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SlackJob, type SlackCallJob } from '@response/contracts';
import type { DataSource } from 'typeorm';
import { CONFIG, type Config } from '../config/config.js';
import { JobHandler } from '../queue/job-handler.decorator.js';
import { JobQueue } from '../queue/job-queue.js';
import { RetryLaterError, type Job } from '../queue/queue.types.js';
import { HandlerRegistry } from './handlers/handler-registry.js';
import { ProcessedEventRepository } from './processed-event.repository.js';
import {
  ALREADY_DONE_ERRORS,
  POSTING_METHODS,
  SlackClientService,
} from './slack-client.service.js';
import { SlackDeliveryRepository } from './slack-delivery.repository.js';
import { PROCESSED_EVENT_TTL_HOURS } from './slack-events.service.js';

const PURGE_EVERY_MS = 15 * 60_000;
/** Delivery keys are kept this long after their call. */
const DELIVERY_KEY_DAYS = 30;

/** Fields of a Slack answer worth keeping for a delivered key (e.g. the `ts` of a post). */
const KEPT_RESULT_FIELDS = ['ts', 'channel', 'message_ts', 'error'] as const;

/** How often, and how many times, a call waits for what it must come after. */
const AFTER_WAIT_MS = 500;
const AFTER_WAIT_TRIES = 15;

/** Slack message metadata type of keyed posts. */
export const DELIVERY_EVENT = 'response_delivery';

function deliveryMetadata(key: string): { event_type: string; event_payload: { key: string } } {
  return { event_type: DELIVERY_EVENT, event_payload: { key } };
}

type SlackCallJobName = typeof SlackJob.PostMessage | typeof SlackJob.React;

/** Processor of the Slack wire's jobs: keyed Web API calls, event handlers, housekeeping. */
@Injectable()
export class SlackApiProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(SlackApiProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly slack: SlackClientService,
    private readonly registry: HandlerRegistry,
    private readonly deliveries: SlackDeliveryRepository,
    private readonly processedEvents: ProcessedEventRepository,
    private readonly queue: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.app.worker) return;
    try {
      await this.queue.addRepeatable(SlackJob.PurgeProcessedEvents, {}, PURGE_EVERY_MS);
    } catch (error) {
      this.logger.warn(`Could not schedule Slack housekeeping jobs: ${(error as Error).message}`);
    }
  }

  /** One Slack call per idempotency key, whatever the retries and workers. */
  @JobHandler(SlackJob.PostMessage)
  postMessage(job: Job<typeof SlackJob.PostMessage>): Promise<Record<string, unknown>> {
    return this.deliverOnce(job);
  }

  @JobHandler(SlackJob.React)
  react(job: Job<typeof SlackJob.React>): Promise<Record<string, unknown>> {
    return this.deliverOnce(job);
  }

  @JobHandler(SlackJob.HandleEvent)
  async handleEvent(job: Job<typeof SlackJob.HandleEvent>): Promise<void> {
    const handler = this.registry.eventHandler(job.data.handler);
    if (!handler) {
      this.logger.warn(
        `Event ${job.data.envelope.eventId}: handler ${job.data.handler} no longer exists`,
      );
      return;
    }
    await handler.run(job.data.event, job.data.envelope);
  }

  @JobHandler(SlackJob.PurgeProcessedEvents)
  async purgeProcessedEvents(): Promise<void> {
    const events = await this.processedEvents.purgeOlderThan(PROCESSED_EVENT_TTL_HOURS);
    const deliveries = await this.deliveries.purgeOlderThan(DELIVERY_KEY_DAYS);
    this.logger.log(`Purged ${events} old Slack event ids and ${deliveries} old delivery keys`);
  }

  /**
   * Keeps a call (e.g. the close flow's message) behind what it must follow: the
   * job is put back until an earlier key is delivered and its condition holds.
   * After AFTER_WAIT_TRIES it goes anyway, so something that cannot happen
   * never holds other messages back for good.
   */
  private async waitForPredecessors(job: Job<SlackCallJobName>): Promise<void> {
    const after = job.data.after;
    if (!after || job.attemptsMade >= AFTER_WAIT_TRIES) return;
    const delivered = !after.delivered || (await this.deliveries.isDelivered(after.delivered));
    let holds = true;
    if (after.condition) {
      const condition = this.registry.deliveryCondition(after.condition.name);
      if (!condition) this.logger.warn(`Unknown delivery condition ${after.condition.name}`);
      else holds = await condition(after.condition.params);
    }
    if (delivered && holds) return;
    throw new RetryLaterError(
      `Job ${job.id} waits for ${after.condition?.name ?? ''}${after.delivered ? ` and ${after.delivered}` : ''}`,
      AFTER_WAIT_MS,
    );
  }

  /**
   * An ephemeral answer through a slash command's response_url, recorded under
   * the key; null when the key was not delivered that way (the call is the fallback).
   */
  private async respondFirst(
    key: string,
    url: string,
    text: string,
  ): Promise<Record<string, unknown> | null> {
    const record = await this.deliveries.find(key);
    if (record?.result) return record.result;
    if (record || !text || !(await this.slack.respond(url, text))) return null;
    return this.deliveries.store(key, 'response_url', { via: 'response_url' });
  }

  /**
   * Makes the call unless its key was delivered already. A transaction-scoped
   * advisory lock on the key keeps two workers from making it at once; the
   * key is stored with Slack's answer in the same transaction.
   */
  private async deliverOnce(job: Job<SlackCallJobName>): Promise<Record<string, unknown>> {
    const { key, method, incidentId, responseUrl } = job.data;
    const postsMessage = method === 'chat.postMessage';
    // A post carries its key in Slack message metadata, so a retry can find it.
    const args: SlackCallJob['args'] = postsMessage
      ? { ...job.data.args, metadata: deliveryMetadata(key) }
      : job.data.args;
    await this.waitForPredecessors(job);
    if (responseUrl) {
      const answered = await this.respondFirst(key, responseUrl, String(args.text ?? ''));
      if (answered) return answered;
    }
    // Waits for a turn in the channel before the transaction, so no lock or connection is held meanwhile.
    const paced = POSTING_METHODS.has(method) && typeof args.channel === 'string';
    if (paced) {
      const done = await this.deliveries.find(key);
      if (done?.result) return done.result;
      await this.slack.paceChannel(args.channel as string);
    }
    return this.dataSource.transaction(async (manager) => {
      await this.deliveries.lock(manager, key);
      const record = await this.deliveries.find(key, manager);
      if (record?.result) return record.result;
      if (record && postsMessage) {
        // An earlier try started and never recorded Slack's answer (a crash, or a
        // lost answer): if Slack did post, keep that message instead of posting again.
        const channel = String(args.channel ?? '');
        const found = await this.slack.findPostedMessage(
          channel,
          (meta) => meta.event_type === DELIVERY_EVENT && meta.event_payload?.key === key,
        );
        if (found) {
          this.logger.log(
            `Delivery ${key} had already reached Slack (ts ${found.ts}); not posting again`,
          );
          return this.deliveries.store(
            key,
            method,
            { ts: found.ts, channel: found.channel },
            manager,
          );
        }
      }
      if (!record) await this.deliveries.markStarted(key, method);
      const answer = await this.slack.call<Record<string, unknown>>(method, args, {
        incidentId,
        jobId: job.id,
        accept: [...ALREADY_DONE_ERRORS],
        paced,
      });
      const result: Record<string, unknown> = {};
      for (const field of KEPT_RESULT_FIELDS)
        if (answer[field] !== undefined) result[field] = answer[field];
      return this.deliveries.store(key, method, result, manager);
    });
  }
}
