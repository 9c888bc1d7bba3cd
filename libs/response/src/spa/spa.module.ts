import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { SpaMiddleware } from './spa.middleware.js';

/** Serves the built web app at `/`, with a fallback to `index.html` for its routes. */
@Module({ providers: [SpaMiddleware] })
export class SpaModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(SpaMiddleware).forRoutes('*');
  }
}
