import { Module } from '@nestjs/common';
import { ChangeLogModule } from '../changelog/changelog.module.js';
import { UsersModule } from '../users/users.module.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentRepository } from './incident.repository.js';
import { IncidentRoleRepository } from './incident-role.repository.js';
import { IncidentRolesController } from './incident-roles.controller.js';
import { IncidentRolesService } from './incident-roles.service.js';
import { IncidentsService } from './incidents.service.js';

@Module({
  imports: [UsersModule, ChangeLogModule],
  controllers: [IncidentsController, IncidentRolesController],
  providers: [IncidentsService, IncidentRepository, IncidentRoleRepository, IncidentRolesService],
  exports: [IncidentsService, IncidentRepository, IncidentRolesService],
})
export class IncidentsModule {}
