import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ActionsModule } from './actions/actions.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CommsModule } from './comms/comms.module.js';
import { AllExceptionsFilter } from './common/http-exception.filter.js';
import { RejectUnstorableInputPipe } from './common/reject-nul.pipe.js';
import type { Config } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { IncidentsModule } from './incidents/incidents.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { QueueModule } from './queue/queue.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SlackModule } from './slack/slack.module.js';
import { SpaModule } from './spa/spa.module.js';
import { TimelineModule } from './timeline/timeline.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        EventEmitterModule.forRoot(),
        DatabaseModule,
        QueueModule,
        OutboxModule,
        MetricsModule,
        UsersModule,
        IncidentsModule,
        ActionsModule,
        TimelineModule,
        EventsModule,
        AuthModule,
        CommsModule,
        SlackModule,
        HealthModule,
        ReportsModule,
        // Last: its catch-all route serves the web app for every other GET.
        SpaModule,
      ],
      providers: [
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_PIPE, useClass: RejectUnstorableInputPipe },
      ],
    };
  }
}
