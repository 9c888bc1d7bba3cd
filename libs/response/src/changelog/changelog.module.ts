import { Module } from '@nestjs/common';
import { ChangeLogService } from './change-log.service.js';
import { ChangeLogController } from './changelog.controller.js';
import { ChangeLogReader } from './changelog-reader.service.js';

@Module({
  controllers: [ChangeLogController],
  providers: [ChangeLogService, ChangeLogReader],
  exports: [ChangeLogService, ChangeLogReader],
})
export class ChangeLogModule {}
