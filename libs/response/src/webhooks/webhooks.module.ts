import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { UsersModule } from '../users/users.module.js';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor.js';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.js';
import { WebhookDispatcher } from './webhook-dispatcher.js';
import { WebhookEndpointRepository } from './webhook-endpoint.repository.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksService } from './webhooks.service.js';

/** Signed webhooks: endpoints, deliveries from domain events, and their processor. */
@Module({
  imports: [UsersModule, IncidentsModule],
  controllers: [WebhooksController],
  providers: [
    WebhookEndpointRepository,
    WebhookDeliveryRepository,
    WebhookDispatcher,
    WebhookDeliveryProcessor,
    WebhooksService,
  ],
})
export class WebhooksModule {}
