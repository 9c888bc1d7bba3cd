import { Module, forwardRef } from '@nestjs/common';
import { SlackModule } from '../slack/slack.module.js';
import { CommsService } from './comms.service.js';

/** The comms channel of an incident; talks to Slack only through the Slack module's client. */
@Module({
  imports: [forwardRef(() => SlackModule)],
  providers: [CommsService],
  exports: [CommsService],
})
export class CommsModule {}
