import { Module } from '@nestjs/common';
import { ChangeLogService } from './change-log.service.js';
import { ChangeLogController } from './changelog.controller.js';
import { ChangeLogReader } from './changelog-reader.service.js';
import { IncidentHistoryRepository } from './incident-history.repository.js';

@Module({
  controllers: [ChangeLogController],
  providers: [ChangeLogService, ChangeLogReader, IncidentHistoryRepository],
  exports: [ChangeLogService, ChangeLogReader],
})
export class ChangeLogModule {}
