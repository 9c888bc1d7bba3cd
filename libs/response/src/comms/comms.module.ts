import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ActionsModule } from '../actions/actions.module.js';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { RecordModule } from '../record/record.module.js';
import { SlackModule } from '../slack/slack.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';
import { UpdatesModule } from '../updates/updates.module.js';
import { UsersModule } from '../users/users.module.js';
import { ChannelEvents } from './channel-events/channel-events.js';
import { PinnedMessageRepository } from './channel-events/pinned-message.repository.js';
import { ParticipantsController } from './channel-events/participants.controller.js';
import { ParticipantsService } from './channel-events/participants.service.js';
import { PinsService } from './channel-events/pins.service.js';
import { UserStatsRepository } from './channel-events/user-stats.repository.js';
import { ClickGuard } from './channel/click-guard.js';
import { CommsChannelService } from './channel/comms-channel.service.js';
import { CloseFlowService } from './close/close-flow.service.js';
import { CommandDispatcher } from './commands/command-dispatcher.js';
import { FieldPrompts } from './commands/field-prompts.js';
import { IncidentCommands } from './commands/incident-commands.js';
import { RoleCommand } from './commands/role-command.js';
import { StatusUpdateCommand } from './commands/status-update-command.js';
import { DeclareService } from './declare/declare.service.js';
import { ExtensionRegistry } from './extensions/extension-registry.js';
import { MessageContextFactory } from './extensions/message-context.js';
import { MessageCurationController } from './record/message-curation.controller.js';
import { MessageCurationService } from './record/message-curation.service.js';
import { MessageRecordService } from './record/message-record.service.js';
import { ChannelArchiver } from './record/channel-archiver.js';
import { HeadlineActions } from './headline/headline-actions.js';
import { HeadlineDriftSweep } from './headline/headline-drift.js';
import { HeadlinePostRepository } from './headline/headline-post.repository.js';
import { HeadlineService } from './headline/headline.service.js';
import { BuiltInReminders } from './reminders/built-in-reminders.js';
import { Clock } from './reminders/clock.js';
import { NotificationRepository } from './reminders/notification.repository.js';
import { RemindersService } from './reminders/reminders.service.js';
import { RoleNotifier } from './roles/role-notifier.js';
import { UpdateDueReminders } from './reminders/update-due-reminders.js';
import { SlackSetupController } from './setup/slack-setup.controller.js';
import { SlackUserDirectory } from './slack-users/slack-user-directory.js';
import { UserSyncService } from './slack-users/user-sync.service.js';
import { StatusUpdateActions } from './updates/status-update-actions.js';
import { StatusUpdateDelivery } from './updates/status-update-delivery.js';

/**
 * Response's features on the Slack wire: declaring from Slack, the headline
 * post, the comms channel, `@incident` commands, channel events (pins, 📌,
 * messages, renames), reminders, the close flow, status updates in Slack, and
 * Slack's user directory.
 */
@Module({
  imports: [
    DiscoveryModule,
    SlackModule,
    IncidentsModule,
    ActionsModule,
    TimelineModule,
    UsersModule,
    RecordModule,
    UpdatesModule,
  ],
  controllers: [ParticipantsController, SlackSetupController, MessageCurationController],
  providers: [
    ExtensionRegistry,
    ParticipantsService,
    MessageContextFactory,
    CommsChannelService,
    ClickGuard,
    CloseFlowService,
    HeadlineService,
    HeadlinePostRepository,
    HeadlineDriftSweep,
    HeadlineActions,
    DeclareService,
    SlackUserDirectory,
    UserSyncService,
    CommandDispatcher,
    IncidentCommands,
    FieldPrompts,
    PinsService,
    PinnedMessageRepository,
    UserStatsRepository,
    ChannelEvents,
    Clock,
    RemindersService,
    NotificationRepository,
    BuiltInReminders,
    MessageRecordService,
    MessageCurationService,
    ChannelArchiver,
    RoleCommand,
    RoleNotifier,
    StatusUpdateCommand,
    StatusUpdateActions,
    StatusUpdateDelivery,
    UpdateDueReminders,
  ],
  exports: [ExtensionRegistry, CommsChannelService, HeadlineService],
})
export class CommsModule {}
