import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ROLES, type MeDto } from '@response/contracts';
import type { Response } from 'express';
import { z } from 'zod';
import { ZodPipe } from '../common/zod-validation.pipe.js';
import { PASSWORD_MAX_LENGTH } from './accounts.service.js';
import { AuthService, type AuthRequest } from './auth.service.js';
import { Public, Roles } from './roles.decorator.js';

const loginSchema = z.object({
  username: z.string().min(1, 'is required').max(150, 'is too long'),
  password: z.string().min(1, 'is required').max(PASSWORD_MAX_LENGTH, 'is too long'),
});

@Controller('core/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Starts a cookie session; the answer carries the CSRF token for unsafe requests. */
  @Public()
  @Post('login')
  @HttpCode(200)
  login(
    @Body(new ZodPipe(loginSchema)) body: z.output<typeof loginSchema>,
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
