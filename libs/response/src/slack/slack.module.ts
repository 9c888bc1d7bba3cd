import {
  Module,
  RequestMethod,
  forwardRef,
  type MiddlewareConsumer,
  type NestModule,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ActionsModule } from '../actions/actions.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { CommsModule } from '../comms/comms.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';
import { UsersModule } from '../users/users.module.js';
import { CommandDispatcher } from './commands/command-dispatcher.js';
import { FieldPrompts } from './commands/field-prompts.js';
import { IncidentCommands } from './commands/incident-commands.js';
import { DeclareService } from './declare/declare.service.js';
import { ChannelEvents } from './events/channel-events.js';
import { PinsService } from './events/pins.service.js';
import { HandlerRegistry } from './handlers/handler-registry.js';
import { MessageContextFactory } from './handlers/message-context.js';
import { HeadlineActions } from './headline/headline-actions.js';
import { HeadlineService } from './headline/headline.service.js';
import { BuiltInReminders } from './reminders/built-in-reminders.js';
import { Clock } from './reminders/clock.js';
import { RemindersService } from './reminders/reminders.service.js';
import { QueueDashboardMiddleware } from './queue-dashboard.middleware.js';
import { SignatureGuard } from './signature.guard.js';
import { SlackApiProcessor } from './slack-api.processor.js';
import { ChannelRateLimiter } from './channel-rate-limiter.js';
import { SlackClientService } from './slack-client.service.js';
import { SlackEventsService } from './slack-events.service.js';
import { SlackInteractionsService } from './slack-interactions.service.js';
import { SlackController } from './slack.controller.js';
import { SlackUserDirectory } from './users/slack-user-directory.js';
import { UserSyncService } from './users/user-sync.service.js';

/** The Slack wire: endpoints, signature checks, the client and its queue, the handler registry. */
@Module({
  imports: [
    DiscoveryModule,
    AuthModule,
    IncidentsModule,
    UsersModule,
    ActionsModule,
    TimelineModule,
    forwardRef(() => CommsModule),
  ],
  controllers: [SlackController],
  providers: [
    SignatureGuard,
    SlackClientService,
    ChannelRateLimiter,
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
    // Comms channel commands, channel events and reminders.
    CommandDispatcher,
    IncidentCommands,
    FieldPrompts,
    PinsService,
    ChannelEvents,
    Clock,
    RemindersService,
    BuiltInReminders,
  ],
  exports: [
    SlackClientService,
    HandlerRegistry,
    MessageContextFactory,
    HeadlineService,
    SlackUserDirectory,
  ],
})
export class SlackModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(QueueDashboardMiddleware)
      .forRoutes(
        { path: 'admin/queues', method: RequestMethod.ALL },
        { path: 'admin/queues/*path', method: RequestMethod.ALL },
      );
  }
}
