import { Body, Controller, Get, HttpCode, Post, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { setupSchema, type MeDto, type SetupBody, type SetupStatusDto } from '@response/contracts';
import type { Response } from 'express';
import { jsonSchema } from '../common/schemas.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { AuthService } from './auth.service.js';
import { Public } from './roles.decorator.js';
import { SameSiteJsonGuard } from './same-site-json.guard.js';
import { SetupService } from './setup.service.js';

/** The first start: creating the first admin account with the printed setup link. 404 afterwards. */
@ApiTags('auth')
@Controller('core/setup')
export class SetupController {
  constructor(
    private readonly setup: SetupService,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Whether the first account is still to be made (404 once one exists)' })
  async status(): Promise<SetupStatusDto> {
    await this.setup.ensureRequired();
    return { setup_required: true };
  }

  @Public()
  @Post()
  @HttpCode(201)
  @UseGuards(SameSiteJsonGuard)
  @ApiOperation({
    summary: 'Create the first admin account with the code of the setup link, and log in',
  })
  @ApiBody({ schema: jsonSchema(setupSchema) })
  async complete(
    @Body(new ZodPipe(setupSchema)) body: SetupBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MeDto> {
    const account = await this.setup.complete(body);
    return this.auth.startSession(res, account);
  }
}
