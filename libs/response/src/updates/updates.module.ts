import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';
import { UsersModule } from '../users/users.module.js';
import { StatusUpdatesController } from './status-updates.controller.js';
import { StatusUpdatesService } from './status-updates.service.js';
import { UpdateClockRepository } from './update-clock.repository.js';

/**
 * Status updates for stakeholders and the clock that says when the next one
 * is due (`STATUS_UPDATE_CADENCE`). Sending them to Slack and reminding the
 * lead are Slack features (comms/updates).
 */
@Module({
  imports: [UsersModule, IncidentsModule, TimelineModule],
  controllers: [StatusUpdatesController],
  providers: [StatusUpdatesService, UpdateClockRepository],
  exports: [StatusUpdatesService],
})
export class UpdatesModule {}
