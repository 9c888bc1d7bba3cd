import { Module } from '@nestjs/common';
import { ChangeLogModule } from '../changelog/changelog.module.js';
import { UsersModule } from '../users/users.module.js';
import { ActionsController, IncidentActionsController } from './actions.controller.js';
import { ActionsService } from './actions.service.js';

@Module({
  imports: [UsersModule, ChangeLogModule],
  controllers: [IncidentActionsController, ActionsController],
  providers: [ActionsService],
  exports: [ActionsService],
})
export class ActionsModule {}
