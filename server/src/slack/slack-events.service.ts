import { Injectable, Logger } from '@nestjs/common';
import { SLACK_QUEUE, SlackJob } from '@response/contracts';
import { UnitOfWork } from '../database/unit-of-work.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { HandlerRegistry, type SlackEventEnvelope } from './handlers/handler-registry.js';
import { SLACK_JOB_ATTEMPTS } from './slack-client.service.js';
import { isBotEvent, type EventEnvelope, type SlackEvent } from './payloads.js';

/** Data of a `SlackJob.HandleEvent` job: one handler for one event. */
export interface HandleEventJobData {
  handler: string;
  envelope: SlackEventEnvelope;
  event: SlackEvent;
}

/** How long event ids are remembered, so Slack's retries take effect once. */
export const PROCESSED_EVENT_TTL_HOURS = 6;

/**
 * Takes in Events API deliveries. The ack does one short transaction: record
 * the `event_id` (a duplicate stops here) and one outbox row per handler.
 * The handlers run from the queue, so the ack never waits for Slack or Redis.
 */
@Injectable()
export class SlackEventsService {
  private readonly logger = new Logger(SlackEventsService.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxService,
    private readonly registry: HandlerRegistry,
  ) {}

  async receive(envelope: EventEnvelope): Promise<{ challenge: string } | undefined> {
    if (envelope.kind === 'url_verification') return { challenge: envelope.challenge };
    if (envelope.kind === 'ignored') return undefined;
    if (isBotEvent(envelope.event)) return undefined;
    const handlers = this.registry.eventHandlers(envelope.event.type);
    const meta: SlackEventEnvelope = { eventId: envelope.eventId, eventTime: envelope.eventTime, teamId: envelope.teamId };
    const fresh = await this.unitOfWork.run(async (manager) => {
      const inserted: unknown[] = await manager.query(
        `INSERT INTO slack_processed_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id`,
        [envelope.eventId],
      );
      if (inserted.length === 0) return false;
      for (const handler of handlers) {
        await this.outbox.push<HandleEventJobData>(manager, {
          queue: SLACK_QUEUE,
          name: SlackJob.HandleEvent,
          data: { handler: handler.id, envelope: meta, event: envelope.event },
          key: `event:${envelope.eventId}:${handler.id}`,
          attempts: SLACK_JOB_ATTEMPTS,
        });
      }
      return true;
    });
    if (!fresh) this.logger.debug(`Ignored duplicate Slack event ${envelope.eventId}`);
    return undefined;
  }
}
