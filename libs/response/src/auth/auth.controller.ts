import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { loginSchema, ROLES, type LoginBody, type MeDto } from '@response/contracts';
import type { Response } from 'express';
import { jsonSchema } from '../common/schemas.js';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { AuthService, type AuthRequest } from './auth.service.js';
import { Public, Roles } from './roles.decorator.js';
import { SameSiteJsonGuard } from './same-site-json.guard.js';

@Controller('core/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Starts a cookie session; the answer carries the CSRF token for unsafe
   * requests. JSON only, and from this site only when a browser says where from.
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(SameSiteJsonGuard)
  @ApiBody({ schema: jsonSchema(loginSchema) })
  login(
    @Body(new ZodPipe(loginSchema)) body: LoginBody,
    @Req() req: AuthRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MeDto> {
    return this.auth.login(req, res, body.username, body.password);
  }

  /** Every role may log out. */
  @Roles(...ROLES)
  @Post('logout')
  @HttpCode(204)
  logout(@Req() req: AuthRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    return this.auth.logout(req, res);
  }

  @Get('me')
  me(@Req() req: AuthRequest): Promise<MeDto> {
    return this.auth.meFor(req);
  }
}
