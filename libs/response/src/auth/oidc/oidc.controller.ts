import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthMethodsDto } from '@response/contracts';
import type { CookieOptions, Request, Response } from 'express';
import { CONFIG, type Config } from '../../config/config.js';
import { AuthService } from '../auth.service.js';
import { Public } from '../roles.decorator.js';
import { SignInError } from './oidc-client.js';
import { signInProblemPage } from './oidc-page.js';
import { CALLBACK_PATH, OidcService, SIGN_IN_TTL_MS } from './oidc.service.js';

/** Holds the `state` of a sign-in under way, for the callback to compare. */
const STATE_COOKIE = 'response_oidc_state';

@ApiTags('auth')
@Controller('core/auth')
export class OidcController {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly oidc: OidcService,
    private readonly auth: AuthService,
  ) {}

  @Public()
  @Get('methods')
  @ApiOperation({ summary: 'How people can log in here (for the login page)' })
  methods(): AuthMethodsDto {
    const provider = this.oidc.provider;
    return {
      password: this.config.oidc.passwordLogin,
      oidc: provider ? { name: provider.name, login_url: '/core/auth/oidc/login' } : null,
    };
  }

  @Public()
  @Get('oidc/login')
  @ApiOperation({ summary: 'Starts signing in with the OpenID Connect provider (?next=/path)' })
  async login(@Query('next') next: unknown, @Res() res: Response): Promise<void> {
    try {
      const { url, state } = await this.oidc.start(next);
      res.cookie(STATE_COOKIE, state, { ...this.cookieOptions(), maxAge: SIGN_IN_TTL_MS });
      res.redirect(302, url.href);
    } catch (error) {
      this.problem(res, error);
    }
  }

  @Public()
  @Get('oidc/callback')
  @ApiOperation({ summary: 'Where the provider sends the browser back; starts the session' })
  async callback(
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    res.clearCookie(STATE_COOKIE, this.cookieOptions());
    try {
      const cookies = (req.cookies ?? {}) as Record<string, unknown>;
      const { account, next } = await this.oidc.finish(query, cookies[STATE_COOKIE]);
      await this.auth.startSession(res, account);
      res.redirect(302, next);
    } catch (error) {
      this.problem(res, error);
    }
  }

  private problem(res: Response, error: unknown): void {
    const known = error instanceof SignInError;
    if (known) this.oidc.logRefusal(error);
    else throw error;
    res
      .status(error.status)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(signInProblemPage(error.page));
  }

  private cookieOptions(): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.auth.secureCookies,
      path: CALLBACK_PATH,
    };
  }
}
