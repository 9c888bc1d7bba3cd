import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { ChannelMessageRepository } from './channel-message.repository.js';
import { MessagesController } from './messages.controller.js';
import { MessagesService } from './messages.service.js';
import { TranscriptService } from './transcript.service.js';

/**
 * The record of an incident's comms channel: the messages kept as they were
 * posted, edited and deleted, read through `/core` and as a report appendix.
 * The messages are written by the Slack features (see comms/record).
 */
@Module({
  imports: [UsersModule],
  controllers: [MessagesController],
  providers: [ChannelMessageRepository, MessagesService, TranscriptService],
  exports: [ChannelMessageRepository, TranscriptService],
})
export class RecordModule {}
