import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SlackJob } from '@response/contracts';
import { AFTER_COMMIT } from '../database/unit-of-work.js';
import { HandlerRegistry, type SlackEventEnvelope } from './handlers/handler-registry.js';
import { isBotEvent, type EventEnvelope } from './payloads.js';
import { ProcessedEventRepository } from './processed-event.repository.js';
import { SLACK_JOB_ATTEMPTS } from './slack-client.service.js';

/** How long event ids are remembered, so Slack's retries take effect once. */
export const PROCESSED_EVENT_TTL_HOURS = 6;

/**
 * Takes in Events API deliveries. The ack is one SQL statement: record the
 * `event_id` (a duplicate stops there) and one outbox row per handler.
 * The handlers run from the queue, so the ack never waits for Slack or Redis.
 */
@Injectable()
export class SlackEventsService {
  private readonly logger = new Logger(SlackEventsService.name);

  constructor(
    private readonly processed: ProcessedEventRepository,
    private readonly emitter: EventEmitter2,
    private readonly registry: HandlerRegistry,
  ) {}

  async receive(envelope: EventEnvelope): Promise<{ challenge: string } | undefined> {
    if (envelope.kind === 'url_verification') return { challenge: envelope.challenge };
    if (envelope.kind === 'ignored') return undefined;
    // Events sent by bots (this app's own posts among them) go only to handlers that want them.
    const fromBot = isBotEvent(envelope.event);
    const handlers = this.registry
      .eventHandlers(envelope.event.type)
      .filter((handler) => !fromBot || handler.bots);
    if (fromBot && handlers.length === 0) return undefined;
    const meta: SlackEventEnvelope = {
      eventId: envelope.eventId,
      eventTime: envelope.eventTime,
      teamId: envelope.teamId,
      botUserId: envelope.botUserId,
    };
    const fresh = await this.processed.recordWithJobs(
      envelope.eventId,
      handlers.map((handler) => ({
        name: SlackJob.HandleEvent,
        data: { handler: handler.id, envelope: meta, event: envelope.event },
        key: `event:${envelope.eventId}:${handler.id}`,
        attempts: SLACK_JOB_ATTEMPTS,
      })),
    );
    if (!fresh) this.logger.debug(`Ignored duplicate Slack event ${envelope.eventId}`);
    else if (handlers.length > 0) this.emitter.emit(AFTER_COMMIT);
    return undefined;
  }
}
