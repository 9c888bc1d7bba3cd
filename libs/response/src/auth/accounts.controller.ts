import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  createAccountSchema,
  patchAccountSchema,
  Role,
  type AccountDto,
  type CreateAccountBody,
  type Paginated,
  type PatchAccountBody,
} from '@response/contracts';
import { RequestUrl } from '../common/pagination.js';
import { IdPipe, jsonSchema } from '../common/schemas.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { AccountsService } from './accounts.service.js';
import { AuthService, type AuthRequest } from './auth.service.js';
import { Roles } from './roles.decorator.js';

/** Accounts, for admins: list, create, change role, reset password, link, disable, unlock. */
@ApiTags('accounts')
@Controller('core/accounts')
@Roles(Role.Admin)
export class AccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List accounts by username (?limit=&offset=&username=) (admins)' })
  list(
    @Query() query: Record<string, unknown>,
    @RequestUrl() url: URL,
  ): Promise<Paginated<AccountDto>> {
    return this.accounts.listFromApi(query, url);
  }

  @Post()
  @ApiOperation({ summary: 'Create an account (admins)' })
  @ApiBody({ schema: jsonSchema(createAccountSchema) })
  create(@Body(new ZodPipe(createAccountSchema)) body: CreateAccountBody): Promise<AccountDto> {
    return this.accounts.createFromApi(body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One account (admins)' })
  get(@Param('id', new IdPipe('Account')) id: number): Promise<AccountDto> {
    return this.accounts.getDto(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change the role, reset the password, disable or enable, or link a Slack user (admins). ' +
      "A new password, a new role or disabling ends the account's sessions at once.",
  })
  @ApiBody({ schema: jsonSchema(patchAccountSchema) })
  update(
    @Param('id', new IdPipe('Account')) id: number,
    @Body(new ZodPipe(patchAccountSchema)) body: PatchAccountBody,
    @Req() req: AuthRequest,
  ): Promise<AccountDto> {
    const own = req.account?.id === id ? this.auth.sessionToken(req) : undefined;
    return this.accounts.updateFromApi(id, body, own);
  }

  @Post(':id/unlock')
  @HttpCode(204)
  @ApiOperation({ summary: 'Forget the failed logins that slow an account down (admins)' })
  unlock(@Param('id', new IdPipe('Account')) id: number): Promise<void> {
    return this.accounts.unlock(id);
  }
}
