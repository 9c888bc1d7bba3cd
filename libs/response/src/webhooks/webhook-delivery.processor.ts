import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { WebhookDeliveryStatus, WebhookJob } from '@response/contracts';
import type { EntityManager } from 'typeorm';
import { CONFIG, type Config } from '../config/config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { JobHandler } from '../queue/job-handler.decorator.js';
import { JobQueue } from '../queue/job-queue.js';
import type { Job } from '../queue/queue.types.js';
import { WebhookDeliveryRepository, type DeliveryToSend } from './webhook-delivery.repository.js';
import { WebhookEndpointRepository } from './webhook-endpoint.repository.js';
import { deliveryJob, nextTryDelayMs, RETRY_WINDOW_MS } from './webhook-jobs.js';
import { sendWebhook, WEBHOOK_TIMEOUT_MS, type SendResult } from './webhook-sender.js';
import { webhookHeaders } from './webhook-signature.js';

const HOUSEKEEPING_EVERY_MS = 60_000;
/** A lane head this late with nobody sending it has lost its job. */
const STALLED_AFTER_SECONDS = 120;
const KEEP_FINISHED_DAYS = 30;

/**
 * Sends webhook deliveries. A job tries one delivery when it is due and first
 * in line for its endpoint and incident; the outcome is recorded, and the next
 * try (or the next delivery in line) is queued through the outbox in the same
 * transaction, so nothing is lost between two tries, whatever restarts.
 */
@Injectable()
export class WebhookDeliveryProcessor implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookDeliveryProcessor.name);
  /** How long an endpoint has to answer (tests shorten it). */
  timeoutMs = WEBHOOK_TIMEOUT_MS;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly uow: UnitOfWork,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly outbox: OutboxService,
    private readonly queue: JobQueue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.app.worker) return;
    try {
      await this.queue.addRepeatable(WebhookJob.Housekeeping, {}, HOUSEKEEPING_EVERY_MS);
    } catch (error) {
      this.logger.warn(`Could not schedule webhook housekeeping: ${(error as Error).message}`);
    }
  }

  @JobHandler(WebhookJob.Deliver)
  async deliver(job: Job<typeof WebhookJob.Deliver>): Promise<void> {
    const id = job.data.deliveryId;
    const claim = await this.deliveries.claim(id);
    if (claim.kind === 'skip') {
      this.logger.debug(`Webhook delivery ${id}: nothing to do (${claim.why})`);
      return;
    }
    if (claim.kind === 'later') {
      await this.uow.run((m) =>
        this.outbox.push(m, deliveryJob(id, `due:${Date.now()}`, claim.delayMs)),
      );
      return;
    }
    const delivery = claim.delivery;
    const attemptedAt = new Date();
    const result = await sendWebhook(
      delivery.url,
      webhookHeaders(delivery.secret, delivery.messageId, delivery.body, attemptedAt),
      delivery.body,
      { allowPrivate: this.config.webhooks.allowPrivate, timeoutMs: this.timeoutMs },
    );
    try {
      await this.uow.run((m) => this.settle(m, delivery, attemptedAt, result));
    } catch (error) {
      // Not recorded (the database failed): the job's next try sends it again.
      await this.deliveries.release(id).catch(() => undefined);
      throw error;
    }
  }

  @JobHandler(WebhookJob.Housekeeping)
  async housekeeping(): Promise<void> {
    const stalled = await this.deliveries.stalledHeads(STALLED_AFTER_SECONDS, 500);
    if (stalled.length > 0) {
      const minute = Math.floor(Date.now() / 60_000);
      await this.uow.run(async (m) => {
        for (const { id } of stalled) await this.outbox.push(m, deliveryJob(id, `sweep:${minute}`));
      });
      this.logger.warn(`${stalled.length} webhook deliveries had lost their job; queued again`);
    }
    await this.deliveries.purgeFinished(KEEP_FINISHED_DAYS);
  }

  /** Records a try and decides what comes next, under the lane's lock. */
  private async settle(
    m: EntityManager,
    delivery: DeliveryToSend,
    attemptedAt: Date,
    result: SendResult,
  ): Promise<void> {
    const { id, endpointId, incidentId } = delivery;
    const tries = delivery.attemptCount + 1;
    await this.deliveries.lockLane(m, endpointId, incidentId);
    await this.deliveries.recordAttempt(m, {
      deliveryId: id,
      attemptedAt,
      statusCode: result.statusCode,
      latencyMs: result.latencyMs,
      error: result.error,
    });
    const log = { endpointId, incidentId, deliveryId: id, try: tries };
    switch (result.outcome) {
      case 'delivered':
        await this.deliveries.finish(m, id, WebhookDeliveryStatus.Succeeded);
        await this.queueNext(m, delivery, tries);
        return;
      case 'gone':
        await this.deliveries.finish(m, id, WebhookDeliveryStatus.Failed);
        await this.endpoints.disable(
          m,
          endpointId,
          `The endpoint answered 410 Gone on ${attemptedAt.toISOString()}: turned off`,
        );
        this.logger.warn({
          msg: `Webhook endpoint ${endpointId} answered 410: turned off`,
          ...log,
        });
        return;
      case 'retry': {
        const delayMs = nextTryDelayMs(tries, result.retryAfterMs);
        const due = Date.now() + delayMs;
        if (due > new Date(delivery.windowStartedAt).getTime() + RETRY_WINDOW_MS) {
          await this.deliveries.finish(m, id, WebhookDeliveryStatus.Failed);
          this.logger.warn({
            msg: `Webhook delivery ${id} given up after 24 h: ${result.error}`,
            ...log,
          });
          await this.queueNext(m, delivery, tries);
          return;
        }
        await this.deliveries.retryAt(m, id, new Date(due));
        await this.outbox.push(m, deliveryJob(id, `try:${tries}`, delayMs));
        this.logger.log({
          msg: `Webhook delivery ${id} failed (${result.error}); next try in ${Math.round(delayMs / 1000)} s`,
          ...log,
        });
        return;
      }
      default:
        await this.deliveries.finish(m, id, WebhookDeliveryStatus.Failed);
        this.logger.warn({ msg: `Webhook delivery ${id} failed: ${result.error}`, ...log });
        await this.queueNext(m, delivery, tries);
    }
  }

  /** Queues the delivery waiting behind this one for the same incident, if any. */
  private async queueNext(m: EntityManager, done: DeliveryToSend, tries: number): Promise<void> {
    const head = await this.deliveries.laneHead(m, done.endpointId, done.incidentId);
    if (head)
      await this.outbox.push(m, deliveryJob(head.id, `after:${done.id}.${tries}`, head.dueInMs));
  }
}
