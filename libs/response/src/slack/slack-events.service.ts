import { Injectable, Logger } from '@nestjs/common';
import { SLACK_QUEUE, SlackJob } from '@response/contracts';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AFTER_COMMIT } from '../database/unit-of-work.js';
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
 * Takes in Events API deliveries. The ack is one SQL statement: record the
 * `event_id` (a duplicate stops there) and one outbox row per handler.
 * The handlers run from the queue, so the ack never waits for Slack or Redis.
 */
@Injectable()
export class SlackEventsService {
  private readonly logger = new Logger(SlackEventsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly emitter: EventEmitter2,
    private readonly registry: HandlerRegistry,
  ) {}

  async receive(envelope: EventEnvelope): Promise<{ challenge: string } | undefined> {
    if (envelope.kind === 'url_verification') return { challenge: envelope.challenge };
    if (envelope.kind === 'ignored') return undefined;
    if (isBotEvent(envelope.event)) return undefined;
    const handlers = this.registry.eventHandlers(envelope.event.type);
    const meta: SlackEventEnvelope = {
      eventId: envelope.eventId,
      eventTime: envelope.eventTime,
      teamId: envelope.teamId,
      botUserId: envelope.botUserId,
    };
    // One statement, so one round trip and atomic on its own: the event id is
    // recorded, and only when it is new are the handler jobs written to the outbox
    // (in the row format OutboxService.push writes; the relay delivers them).
    const keys = handlers.map((handler) => `event:${envelope.eventId}:${handler.id}`);
    const payloads = handlers.map((handler) =>
      JSON.stringify({
        data: {
          handler: handler.id,
          envelope: meta,
          event: envelope.event,
        } satisfies HandleEventJobData,
        attempts: SLACK_JOB_ATTEMPTS,
      }),
    );
    const rows: { fresh: boolean }[] = await this.dataSource.query(
      `WITH fresh AS (
         INSERT INTO slack_processed_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING RETURNING event_id
       ), queued AS (
         INSERT INTO outbox_message (topic, key, payload)
         SELECT $2, job.key, job.payload::jsonb FROM fresh, unnest($3::text[], $4::text[]) AS job(key, payload)
         RETURNING id
       )
       SELECT EXISTS (SELECT 1 FROM fresh) AS fresh, (SELECT count(*) FROM queued) AS queued`,
      [envelope.eventId, `${SLACK_QUEUE}/${SlackJob.HandleEvent}`, keys, payloads],
    );
    if (!rows[0]?.fresh) this.logger.debug(`Ignored duplicate Slack event ${envelope.eventId}`);
    else if (handlers.length > 0) this.emitter.emit(AFTER_COMMIT);
    return undefined;
  }
}
