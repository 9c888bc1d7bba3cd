import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { UsersModule } from '../users/users.module.js';
import { DeclareService } from './declare/declare.service.js';
import { HandlerRegistry } from './handlers/handler-registry.js';
import { MessageContextFactory } from './handlers/message-context.js';
import { HeadlineActions } from './headline/headline-actions.js';
import { HeadlineService } from './headline/headline.service.js';
import { SignatureGuard } from './signature.guard.js';
import { SlackApiProcessor } from './slack-api.processor.js';
import { SlackClientService } from './slack-client.service.js';
import { SlackEventsService } from './slack-events.service.js';
import { SlackInteractionsService } from './slack-interactions.service.js';
import { SlackController } from './slack.controller.js';
import { SlackUserDirectory } from './users/slack-user-directory.js';
import { UserSyncService } from './users/user-sync.service.js';

/** The Slack wire: endpoints, signature checks, the client and its queue, the handler registry. */
@Module({
  imports: [DiscoveryModule, IncidentsModule, UsersModule],
  controllers: [SlackController],
  providers: [
    SignatureGuard,
    SlackClientService,
    SlackApiProcessor,
    HandlerRegistry,
    MessageContextFactory,
    SlackEventsService,
    SlackInteractionsService,
    HeadlineService,
    HeadlineActions,
    DeclareService,
    SlackUserDirectory,
    UserSyncService,
  ],
  exports: [SlackClientService, HandlerRegistry, MessageContextFactory, HeadlineService, SlackUserDirectory],
})
export class SlackModule {}
