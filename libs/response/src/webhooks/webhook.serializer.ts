import type { WebhookAttemptDto, WebhookDeliveryDto, WebhookDto } from '@response/contracts';
import type { WebhookAttempt } from './webhook-attempt.entity.js';
import type { WebhookDelivery } from './webhook-delivery.entity.js';
import type { WebhookEndpoint } from './webhook-endpoint.entity.js';

export const WebhookSerializer = {
  /** An endpoint without its secret. */
  toDto(endpoint: WebhookEndpoint): WebhookDto {
    return {
      id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events,
      include_private: endpoint.includePrivate,
      enabled: endpoint.disabledAt === null,
      disabled_reason: endpoint.disabledAt ? endpoint.disabledReason : null,
      created_at: endpoint.createdAt.toISOString(),
    };
  },

  attemptToDto(attempt: WebhookAttempt): WebhookAttemptDto {
    return {
      attempted_at: attempt.attemptedAt.toISOString(),
      status_code: attempt.statusCode,
      latency_ms: attempt.latencyMs,
      error: attempt.error,
    };
  },

  /** A delivery with its tries (oldest first). */
  deliveryToDto(delivery: WebhookDelivery, attempts: WebhookAttempt[]): WebhookDeliveryDto {
    const last = attempts.at(-1);
    return {
      id: delivery.id,
      message_id: delivery.messageId,
      event_type: delivery.eventType,
      incident_id: delivery.incidentId,
      status: delivery.status,
      created_at: delivery.createdAt.toISOString(),
      next_attempt_at: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
      status_code: last?.statusCode ?? null,
      latency_ms: last?.latencyMs ?? null,
      attempts: attempts.map((attempt) => WebhookSerializer.attemptToDto(attempt)),
    };
  },
};
