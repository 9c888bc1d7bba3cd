import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SLACK_QUEUE, SlackJob } from '@response/contracts';
import type { DataSource } from 'typeorm';
import { CONFIG, type Config } from '../config/config.js';
import { JobHandler } from '../queue/job-handler.decorator.js';
import { JobQueue } from '../queue/job-queue.js';
import { RetryLaterError, type Job } from '../queue/queue.types.js';
import { HandlerRegistry } from './handlers/handler-registry.js';
import {
  ALREADY_DONE_ERRORS,
  POSTING_METHODS,
  SlackClientService,
  type SlackCallJobData,
} from './slack-client.service.js';
import { PROCESSED_EVENT_TTL_HOURS, type HandleEventJobData } from './slack-events.service.js';

const PURGE_EVERY_MS = 15 * 60_000;

/** Fields of a Slack answer worth keeping for a delivered key (e.g. the `ts` of a post). */
const KEPT_RESULT_FIELDS = ['ts', 'channel', 'message_ts', 'error'] as const;

/** How often, and how many times, a message that follows a headline update waits for it. */
const HEADLINE_WAIT_MS = 500;
const HEADLINE_WAIT_TRIES = 15;

/** Slack message metadata type of keyed posts. */
export const DELIVERY_EVENT = 'response_delivery';

function deliveryMetadata(key: string): { event_type: string; event_payload: { key: string } } {
  return { event_type: DELIVERY_EVENT, event_payload: { key } };
}

/** Processor of the `slack` queue. */
@Injectable()
export class SlackApiProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(SlackApiProcessor.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
    private readonly slack: SlackClientService,
    private readonly registry: HandlerRegistry,
    private readonly queue: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.app.worker) return;
    try {
      await this.queue.addRepeatable(
        SLACK_QUEUE,
        SlackJob.PurgeProcessedEvents,
        {},
        PURGE_EVERY_MS,
      );
    } catch (error) {
      this.logger.warn(`Could not schedule Slack housekeeping jobs: ${(error as Error).message}`);
    }
  }

  /** One Slack call per idempotency key, whatever the retries and workers. */
  @JobHandler(SLACK_QUEUE, SlackJob.PostMessage)
  postMessage(job: Job<SlackCallJobData>): Promise<Record<string, unknown>> {
    return this.deliverOnce(job);
  }

  @JobHandler(SLACK_QUEUE, SlackJob.React)
  react(job: Job<SlackCallJobData>): Promise<Record<string, unknown>> {
    return this.deliverOnce(job);
  }

  @JobHandler(SLACK_QUEUE, SlackJob.HandleEvent)
  async handleEvent(job: Job<HandleEventJobData>): Promise<void> {
    const handler = this.registry.eventHandler(job.data.handler);
    if (!handler) {
      this.logger.warn(
        `Event ${job.data.envelope.eventId}: handler ${job.data.handler} no longer exists`,
      );
      return;
    }
    await handler.run(job.data.event, job.data.envelope);
  }

  @JobHandler(SLACK_QUEUE, SlackJob.PurgeProcessedEvents)
  async purgeProcessedEvents(): Promise<void> {
    const events: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM slack_processed_event WHERE received_at < now() - make_interval(hours => $1)`,
      [PROCESSED_EVENT_TTL_HOURS],
    );
    const deliveries: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM slack_delivery WHERE created_at < now() - interval '30 days'`,
    );
    this.logger.log(
      `Purged ${events[1] ?? 0} old Slack event ids and ${deliveries[1] ?? 0} old delivery keys`,
    );
  }

  /**
   * Keeps a message (e.g. the close flow's) behind the headline update it
   * follows: the job is put back until the headline post shows the version.
   * After HEADLINE_WAIT_TRIES it goes anyway, so a headline that cannot be
   * posted never holds other messages back for good.
   */
  private async waitForHeadline(job: Job<SlackCallJobData>): Promise<void> {
    const { incidentId, version, key } = job.data.afterHeadline!;
    if (job.attemptsMade >= HEADLINE_WAIT_TRIES) return;
    const rows: { rendered: boolean; delivered: boolean }[] = await this.dataSource.query(
      `SELECT EXISTS (SELECT 1 FROM headline_post WHERE incident_id = $1 AND message_ts IS NOT NULL AND rendered_version >= $2) AS rendered,
              ($3::text IS NULL OR EXISTS (SELECT 1 FROM slack_delivery WHERE key = $3 AND result IS NOT NULL)) AS delivered`,
      [incidentId, version, key ?? null],
    );
    if (rows[0]?.rendered && rows[0]?.delivered) return;
    throw new RetryLaterError(
      `Waiting for the headline of incident ${incidentId} to show version ${version}${key ? ` and for ${key}` : ''}`,
      HEADLINE_WAIT_MS,
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
    const rows: { result: Record<string, unknown> | null }[] = await this.dataSource.query(
      `SELECT result FROM slack_delivery WHERE key = $1`,
      [key],
    );
    if (rows[0]?.result) return rows[0].result;
    if (rows.length > 0 || !text || !(await this.slack.respond(url, text))) return null;
    const result = { via: 'response_url' };
    await this.dataSource.query(
      `INSERT INTO slack_delivery (key, method, result) VALUES ($1, 'response_url', $2)
       ON CONFLICT (key) DO UPDATE SET result = EXCLUDED.result`,
      [key, JSON.stringify(result)],
    );
    return result;
  }

  /**
   * Makes the call unless its key was delivered already. A transaction-scoped
   * advisory lock on the key keeps two workers from making it at once; the
   * key is stored with Slack's answer in the same transaction.
   */
  private async deliverOnce(job: Job<SlackCallJobData>): Promise<Record<string, unknown>> {
    const { key, method, incidentId, responseUrl } = job.data;
    const postsMessage = method === 'chat.postMessage';
    // A post carries its key in Slack message metadata, so a retry can find it.
    const args = postsMessage
      ? { ...job.data.args, metadata: deliveryMetadata(key) }
      : job.data.args;
    // Waits for a turn in the channel before the transaction, so no lock or connection is held meanwhile.
    if (job.data.afterHeadline) await this.waitForHeadline(job);
    if (responseUrl) {
      const answered = await this.respondFirst(key, responseUrl, String(args.text ?? ''));
      if (answered) return answered;
    }
    const paced = POSTING_METHODS.has(method) && typeof args.channel === 'string';
    if (paced) {
      const done: { result: Record<string, unknown> | null }[] = await this.dataSource.query(
        `SELECT result FROM slack_delivery WHERE key = $1`,
        [key],
      );
      if (done[0]?.result) return done[0].result;
      await this.slack.paceChannel(args.channel as string);
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `SELECT pg_advisory_xact_lock(hashtext('slack-delivery'), hashtext($1))`,
        [key],
      );
      const rows: { result: Record<string, unknown> | null }[] = await manager.query(
        `SELECT result FROM slack_delivery WHERE key = $1`,
        [key],
      );
      if (rows[0]?.result) return rows[0].result;
      const store = async (result: Record<string, unknown>) => {
        await manager.query(
          `INSERT INTO slack_delivery (key, method, result) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO UPDATE SET result = EXCLUDED.result`,
          [key, method, JSON.stringify(result)],
        );
        return result;
      };
      if (rows.length > 0 && postsMessage) {
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
          return store({ ts: found.ts, channel: found.channel });
        }
      }
      if (rows.length === 0) {
        // Marks the try as started, outside this transaction so that it survives a crash.
        await this.dataSource.query(
          `INSERT INTO slack_delivery (key, method, result) VALUES ($1, $2, NULL) ON CONFLICT (key) DO NOTHING`,
          [key, method],
        );
      }
      const answer = await this.slack.call<Record<string, unknown>>(method, args, {
        incidentId,
        jobId: job.id,
        accept: [...ALREADY_DONE_ERRORS],
        paced,
      });
      const result: Record<string, unknown> = {};
      for (const field of KEPT_RESULT_FIELDS)
        if (answer[field] !== undefined) result[field] = answer[field];
      await store(result);
      return result;
    });
  }
}
