import { Module } from '@nestjs/common';
import { AuthModule } from '../auth.module.js';
import { OidcAccounts } from './oidc-accounts.js';
import { OidcController } from './oidc.controller.js';
import { OidcService } from './oidc.service.js';

/** Sign-in with Slack or any OpenID Connect provider. */
@Module({
  imports: [AuthModule],
  controllers: [OidcController],
  providers: [OidcService, OidcAccounts],
})
export class OidcModule {}
