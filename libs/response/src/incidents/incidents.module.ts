import { Module } from '@nestjs/common';
import { ChangeLogModule } from '../changelog/changelog.module.js';
import { UsersModule } from '../users/users.module.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentRepository } from './incident.repository.js';
import { IncidentsService } from './incidents.service.js';

@Module({
  imports: [UsersModule, ChangeLogModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, IncidentRepository],
  exports: [IncidentsService, IncidentRepository],
})
export class IncidentsModule {}
