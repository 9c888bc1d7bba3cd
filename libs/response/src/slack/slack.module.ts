import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ChannelMembership } from './channel-membership.js';
import { ChannelRateLimiter } from './channel-rate-limiter.js';
import { HandlerRegistry } from './handlers/handler-registry.js';
import { ModalMetadata } from './modal-metadata.js';
import { ProcessedEventRepository } from './processed-event.repository.js';
import { SignatureGuard } from './signature.guard.js';
import { SlackApiProcessor } from './slack-api.processor.js';
import { SlackClientService } from './slack-client.service.js';
import { SlackEventsService } from './slack-events.service.js';
import { SlackInteractionsService } from './slack-interactions.service.js';
import { SlackDeliveryRepository } from './slack-delivery.repository.js';
import { SlackController } from './slack.controller.js';

/**
 * The Slack wire: the three endpoints Slack calls (signature-checked), the Web
 * API client and its queue processor, and the handler registry that hands
 * events, clicks, modals and slash commands to whoever claims them. It knows
 * nothing of incidents; the comms features build on it.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [SlackController],
  providers: [
    SignatureGuard,
    SlackClientService,
    ChannelRateLimiter,
    SlackApiProcessor,
    SlackDeliveryRepository,
    ProcessedEventRepository,
    HandlerRegistry,
    SlackEventsService,
    SlackInteractionsService,
    ModalMetadata,
    ChannelMembership,
  ],
  exports: [SlackClientService, HandlerRegistry, ModalMetadata, ChannelMembership],
})
export class SlackModule {}
