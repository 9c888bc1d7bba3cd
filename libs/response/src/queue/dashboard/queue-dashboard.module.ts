import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module.js';
import { QueueDashboardMiddleware } from './queue-dashboard.middleware.js';

/** bull-board at `/admin/queues`, for admins, when jobs run on Redis. */
@Module({ imports: [AuthModule], providers: [QueueDashboardMiddleware] })
export class QueueDashboardModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(QueueDashboardMiddleware)
      .forRoutes(
        { path: 'admin/queues', method: RequestMethod.ALL },
        { path: 'admin/queues/*path', method: RequestMethod.ALL },
      );
  }
}
