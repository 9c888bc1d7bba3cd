import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  WEBHOOK_EVENTS,
  type CreateWebhookBody,
  type Paginated,
  type PatchWebhookBody,
  type WebhookCreatedDto,
  type WebhookDeliveryDto,
  type WebhookDto,
} from '@response/contracts';
import { ConflictError, NotFoundError, ValidationError } from '../common/errors.js';
import { limitOffsetPage, parseLimitOffset } from '../common/pagination.js';
import { CONFIG, type Config } from '../config/config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { checkWebhookUrl } from './address-guard.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import type { WebhookEndpoint } from './webhook-endpoint.entity.js';
import { WebhookEndpointRepository } from './webhook-endpoint.repository.js';
import { deliveryJob } from './webhook-jobs.js';
import { newWebhookSecret } from './webhook-signature.js';
import { WebhookSerializer } from './webhook.serializer.js';

/** Webhook endpoints and their deliveries, for admins (`/core/webhooks`). */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly uow: UnitOfWork,
    private readonly endpoints: WebhookEndpointRepository,
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly outbox: OutboxService,
  ) {}

  async list(query: Record<string, unknown>, url: URL): Promise<Paginated<WebhookDto>> {
    const page = parseLimitOffset(query);
    const [endpoints, count] = await this.endpoints.page(page.offset, page.limit);
    return limitOffsetPage(url, page, count, endpoints.map(WebhookSerializer.toDto));
  }

  /** Registers an endpoint; the answer is the only time its secret is shown. */
  async create(body: CreateWebhookBody): Promise<WebhookCreatedDto> {
    const url = await this.checkUrl(body.url);
    const endpoint = await this.endpoints.create({
      url,
      events: body.events ?? [...WEBHOOK_EVENTS],
      includePrivate: body.include_private ?? false,
      secret: newWebhookSecret(),
    });
    this.logger.log(`Webhook endpoint ${endpoint.id} registered`);
    return { ...WebhookSerializer.toDto(endpoint), secret: endpoint.secret };
  }

  async get(id: number): Promise<WebhookDto> {
    return WebhookSerializer.toDto(await this.endpoint(id));
  }

  /** Changes an endpoint; `enabled: true` turns it on again and sends what waited meanwhile. */
  async update(id: number, body: PatchWebhookBody): Promise<WebhookDto> {
    const endpoint = await this.endpoint(id);
    const next: Partial<WebhookEndpoint> = {};
    if (body.url !== undefined) next.url = await this.checkUrl(body.url);
    if (body.events !== undefined) next.events = body.events;
    if (body.include_private !== undefined) next.includePrivate = body.include_private;
    const enabled = endpoint.disabledAt === null;
    if (body.enabled === false && enabled) {
      next.disabledAt = new Date();
      next.disabledReason = 'Turned off by an admin';
    }
    const reenable = body.enabled === true && !enabled;
    if (reenable) {
      next.disabledAt = null;
      next.disabledReason = null;
    }
    if (Object.keys(next).length > 0) await this.endpoints.update(id, next);
    if (reenable) {
      await this.uow.run(async (m) => {
        const heads = await this.deliveries.laneHeadsOf(m, id);
        const stamp = Date.now();
        for (const head of heads)
          await this.outbox.push(m, deliveryJob(head.id, `enabled:${stamp}`, head.dueInMs));
      });
      this.logger.log(`Webhook endpoint ${id} turned on again`);
    }
    return this.get(id);
  }

  async remove(id: number): Promise<void> {
    if (!(await this.endpoints.delete(id))) throw new NotFoundError('Webhook', id);
    this.logger.log(`Webhook endpoint ${id} deleted`);
  }

  /** A page of an endpoint's deliveries, newest first, each with its tries. */
  async listDeliveries(
    id: number,
    query: Record<string, unknown>,
    url: URL,
  ): Promise<Paginated<WebhookDeliveryDto>> {
    await this.endpoint(id);
    const page = parseLimitOffset(query);
    const { count, deliveries, attempts } = await this.deliveries.page(id, page.offset, page.limit);
    const results = deliveries.map((delivery) =>
      WebhookSerializer.deliveryToDto(
        delivery,
        attempts.filter((attempt) => attempt.deliveryId === delivery.id),
      ),
    );
    return limitOffsetPage(url, page, count, results);
  }

  /**
   * Sends a delivery again, with a fresh 24 h of tries: one that failed, one
   * that was sent already, or one waiting for its next try (now, then).
   */
  async retry(id: number, deliveryId: number): Promise<WebhookDeliveryDto> {
    const endpoint = await this.endpoint(id);
    const delivery = await this.deliveries.findOne(id, deliveryId);
    if (!delivery) throw new NotFoundError('Delivery', deliveryId);
    if (endpoint.disabledAt)
      throw new ConflictError(
        `Webhook ${id} is turned off: turn it on first (PATCH with {"enabled": true})`,
      );
    if (delivery.leaseUntil && delivery.leaseUntil > new Date())
      throw new ConflictError(`Delivery ${deliveryId} is being sent right now`);
    await this.uow.run(async (m) => {
      await this.deliveries.lockLane(m, id, delivery.incidentId);
      await this.deliveries.reopen(m, deliveryId);
      await this.outbox.push(m, deliveryJob(deliveryId, `retry:${Date.now()}`));
    });
    this.logger.log(`Webhook delivery ${deliveryId} queued again by an admin`);
    const reopened = (await this.deliveries.findOne(id, deliveryId))!;
    return WebhookSerializer.deliveryToDto(reopened, await this.deliveries.attemptsOf(deliveryId));
  }

  private async endpoint(id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.findOne(id);
    if (!endpoint) throw new NotFoundError('Webhook', id);
    return endpoint;
  }

  private async checkUrl(text: string): Promise<string> {
    try {
      return (await checkWebhookUrl(text, this.config.webhooks.allowPrivate)).toString();
    } catch (error) {
      throw new ValidationError({ url: (error as Error).message });
    }
  }
}
