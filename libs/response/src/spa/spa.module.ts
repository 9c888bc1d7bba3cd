import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { SpaMiddleware } from './spa.middleware.js';

/** Serves the built web app at `/`, with a fallback to `index.html` for its routes. */
@Module({ imports: [AuthModule], providers: [SpaMiddleware] })
export class SpaModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SpaMiddleware).forRoutes('*');
  }
}
