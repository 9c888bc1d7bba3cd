import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '@response/contracts';

/** Who is calling: set on the request by the auth guard for every authenticated `/core` request. */
export interface RequestAccount {
  id: number;
  username: string;
  role: Role;
  /** The ExternalUser linked to the account, when there is one. */
  externalUserId: number | null;
  /** How the request authenticated. */
  via: 'basic' | 'session' | 'token';
}

export interface AuthenticatedRequest {
  account?: RequestAccount;
}

/** `@CurrentAccount() account: RequestAccount` in a controller method. */
export const CurrentAccount = createParamDecorator(
  (_data: unknown, context: ExecutionContext): RequestAccount | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().account,
);
