import { Module } from '@nestjs/common';
import { ChangeLogService } from './change-log.service.js';
import { EventsController } from './events.controller.js';
import { EventsService } from './events.service.js';

@Module({
  controllers: [EventsController],
  providers: [ChangeLogService, EventsService],
  exports: [ChangeLogService, EventsService],
})
export class EventsModule {}
