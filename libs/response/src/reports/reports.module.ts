import { Module } from '@nestjs/common';
import { IncidentsModule } from '../incidents/incidents.module.js';
import { RecordModule } from '../record/record.module.js';
import { TimelineModule } from '../timeline/timeline.module.js';
import { UsersModule } from '../users/users.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [IncidentsModule, TimelineModule, UsersModule, RecordModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
