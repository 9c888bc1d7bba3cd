import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { UsersModule } from '../users/users.module.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { CoreAuthMiddleware } from './core-auth.middleware.js';
import { LocalControlService } from './local-control.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { SessionsService } from './sessions.service.js';
import { SetupController } from './setup.controller.js';
import { SetupService } from './setup.service.js';

@Module({
  imports: [UsersModule],
  controllers: [AuthController, SetupController, AccountsController],
  providers: [
    AccountsService,
    SessionsService,
    LoginThrottleService,
    LocalControlService,
    AuthService,
    SetupService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccountsService, AuthService, SetupService, LocalControlService],
})
export class AuthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(CoreAuthMiddleware)
      .forRoutes(
        { path: 'core', method: RequestMethod.ALL },
        { path: 'core/*path', method: RequestMethod.ALL },
      );
  }
}
