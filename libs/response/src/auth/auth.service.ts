import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import {
  CSRF_HEADER,
  PASSWORD_MAX_LENGTH,
  SESSION_COOKIE,
  type MeDto,
  type Role,
  type UserDto,
} from '@response/contracts';
import type { CookieOptions, Request, Response } from 'express';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from '../common/errors.js';
import { CONFIG, type Config } from '../config/config.js';
import { ExternalUser } from '../users/external-user.entity.js';
import { AccountsService } from './accounts.service.js';
import type { AuthenticatedRequest, RequestAccount } from './current-account.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { decoyHash, verifyPassword } from './password.js';
import { SessionsService } from './sessions.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Successful Basic checks are remembered this long, so that each API call does not pay for scrypt. */
const VERIFIED_TTL_MS = 5 * 60 * 1000;
const VERIFIED_MAX = 1000;
const PURGE_EVERY_MS = 15 * 60 * 1000;

export type AuthRequest = Request & AuthenticatedRequest;

interface Resolved {
  account: RequestAccount;
  /** The session's CSRF token for cookie sessions; null for Basic. */
  csrfToken: string | null;
}

/** Whether a path is under the authenticated API. */
export function isCorePath(path: string): boolean {
  return path === '/core' || path.startsWith('/core/');
}

export function sentBasic(req: Request): boolean {
  return /^basic\s/i.test(req.headers.authorization ?? '');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

function toUserDto(user: ExternalUser): UserDto {
  return {
    app_id: user.appId,
    external_id: user.externalId,
    display_name: user.displayName,
    full_name: user.fullName,
    email: user.email,
    deleted: user.deleted,
  };
}

/**
 * Who is calling, from HTTP Basic or the session cookie, and whether they may.
 * The global guard uses it for Nest routes; `adminOnly()` for Express middleware.
 */
@Injectable()
export class AuthService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuthService.name);
  private readonly resolved = new WeakMap<Request, Resolved>();
  /** HMAC(stored hash, password) of recently verified Basic credentials, keyed per process. */
  private readonly verified = new Map<string, number>();
  private readonly verifiedKey = randomBytes(32);
  private purgeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onModuleInit(): void {
    if (!this.config.app.http) return;
    this.purgeTimer = setInterval(() => {
      Promise.all([this.sessions.purgeExpired(), this.throttle.purgeExpired()]).catch(
        (error: unknown) =>
          this.logger.warn(`Could not purge expired sessions: ${(error as Error).message}`),
      );
    }, PURGE_EVERY_MS);
    this.purgeTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.purgeTimer);
  }

  /**
   * The calling account, or null when the request carries no usable credentials
   * (none, or an unknown or expired session cookie). Wrong Basic credentials are
   * a 401 and a locked-out username or address a 429, both thrown.
   */
  async authenticate(req: Request): Promise<RequestAccount | null> {
    return (await this.resolve(req))?.account ?? null;
  }

  /**
   * Authenticates and checks that the caller may make this request: CSRF for
   * unsafe methods on a cookie session, then `roles` when given, else the
   * default (viewers read only). Sets `req.account`.
   */
  async authorize(
    req: AuthRequest,
    res: Response | undefined,
    roles?: readonly Role[],
  ): Promise<RequestAccount> {
    const account = await this.requireAccount(req, res);
    const csrfToken = this.resolved.get(req)?.csrfToken ?? null;
    const unsafe = !SAFE_METHODS.has(req.method.toUpperCase());
    if (unsafe && csrfToken !== null) {
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameText(sent, csrfToken)) {
        throw new ForbiddenError(
          `Missing or wrong ${CSRF_HEADER} header: send the csrf_token from /core/auth/me`,
        );
      }
    }
    if (roles) {
      if (!roles.includes(account.role))
        throw new ForbiddenError(`This needs the ${roles.join(' or ')} role`);
    } else if (unsafe && account.role === 'viewer') {
      throw new ForbiddenError('Viewers have read-only access');
    }
    return account;
  }

  /** Authenticates only (401 without an account) and sets `req.account`. */
  async requireAccount(req: AuthRequest, res: Response | undefined): Promise<RequestAccount> {
    let resolved: Resolved | null;
    try {
      resolved = await this.resolve(req);
      if (!resolved)
        throw new UnauthorizedError(
          'Authentication required: log in, or send HTTP Basic credentials',
        );
    } catch (error) {
      if (error instanceof UnauthorizedError && res && sentBasic(req)) {
        res.setHeader('WWW-Authenticate', 'Basic realm="Response", charset="UTF-8"');
      }
      throw error;
    }
    req.account = resolved.account;
    return resolved.account;
  }

  /**
   * Whether the credentials of a long-lived request (a live stream) still hold:
   * they are checked again, not taken from this request's first check. Never throws.
   */
  async stillAuthenticated(req: Request): Promise<RequestAccount | null> {
    this.resolved.delete(req);
    try {
      return await this.authenticate(req);
    } catch {
      return null;
    }
  }

  /** Sets `req.account` when the request carries valid credentials; never throws. */
  async identify(req: AuthRequest): Promise<void> {
    if (!req.headers.authorization && !req.cookies?.[SESSION_COOKIE]) return;
    try {
      const resolved = await this.resolve(req);
      if (resolved) req.account = resolved.account;
    } catch {
      // Routes outside /core decide for themselves what an anonymous caller gets.
    }
  }

  /** Checks a username and password, starts a cookie session and answers like `/me`. */
  async login(req: Request, res: Response, username: string, password: string): Promise<MeDto> {
    const address = clientAddress(req);
    await this.refuseIfLocked(username, address);
    const account = await this.accounts.verify(username, password);
    if (!account) {
      await this.throttle.recordFailure(username, address);
      throw new UnauthorizedError('Invalid username or password');
    }
    await this.throttle.recordSuccess(username);
    const session = await this.sessions.create(account.id);
    res.cookie(SESSION_COOKIE, session.token, this.cookieOptions(session.expiresAt));
    this.logger.log(`Account ${account.id} logged in`);
    return this.me({
      account: {
        id: account.id,
        username: account.username,
        role: account.role,
        externalUserId: account.externalUserId,
        via: 'session',
      },
      csrfToken: session.csrfToken,
    });
  }

  /** Ends the cookie session, if any, and clears the cookie. */
  async logout(req: Request, res: Response): Promise<void> {
    const token: unknown = req.cookies?.[SESSION_COOKIE];
    if (typeof token === 'string' && token) await this.sessions.delete(token);
    res.clearCookie(SESSION_COOKIE, this.cookieOptions());
  }

  /** The caller as `/core/auth/me` shows them. */
  async meFor(req: AuthRequest): Promise<MeDto> {
    const resolved = this.resolved.get(req) ?? (await this.resolve(req));
    if (!resolved) throw new UnauthorizedError('Authentication required');
    return this.me(resolved);
  }

  private async me({ account, csrfToken }: Resolved): Promise<MeDto> {
    const user =
      account.externalUserId === null
        ? null
        : await this.dataSource
            .getRepository(ExternalUser)
            .findOneBy({ id: account.externalUserId });
    return {
      username: account.username,
      role: account.role,
      user: user ? toUserDto(user) : null,
      csrf_token: csrfToken,
    };
  }

  private async resolve(req: Request): Promise<Resolved | null> {
    const cached = this.resolved.get(req);
    if (cached) return cached;
    let resolved: Resolved | null = null;
    const header = req.headers.authorization;
    if (header) {
      resolved = await this.fromAuthorizationHeader(req, header);
    } else {
      const token: unknown = req.cookies?.[SESSION_COOKIE];
      if (typeof token === 'string' && token) {
        const session = await this.sessions.find(token);
        if (session)
          resolved = {
            account: { ...session.account, via: 'session' },
            csrfToken: session.csrfToken,
          };
      }
    }
    if (resolved) this.resolved.set(req, resolved);
    return resolved;
  }

  private async fromAuthorizationHeader(req: Request, header: string): Promise<Resolved> {
    const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!match) {
      if (sentBasic(req)) throw new UnauthorizedError('Malformed HTTP Basic credentials');
      throw new UnauthorizedError('Unsupported authorization scheme: use HTTP Basic or log in');
    }
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0 || decoded.includes('\u0000'))
      throw new UnauthorizedError('Malformed HTTP Basic credentials');
    const username = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const address = clientAddress(req);

    const account =
      password.length <= PASSWORD_MAX_LENGTH ? await this.accounts.findByUsername(username) : null;
    const fingerprint = account ? this.fingerprint(account.passwordHash, password) : undefined;
    if (!account || !fingerprint || !this.recentlyVerified(fingerprint)) {
      await this.refuseIfLocked(username, address);
      // An unknown username is checked against a decoy hash so that it takes as long to refuse.
      const stored = account?.passwordHash ?? (await decoyHash());
      const ok = await verifyPassword(password.slice(0, PASSWORD_MAX_LENGTH), stored);
      if (!ok || !account || !fingerprint) {
        await this.throttle.recordFailure(username, address);
        throw new UnauthorizedError('Invalid username or password');
      }
      this.remember(fingerprint);
    }
    return {
      account: {
        id: account.id,
        username: account.username,
        role: account.role,
        externalUserId: account.externalUserId,
        via: 'basic',
      },
      csrfToken: null,
    };
  }

  private async refuseIfLocked(username: string, address: string): Promise<void> {
    const until = await this.throttle.lockedUntil(username, address);
    if (until) {
      const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
      throw new TooManyRequestsError(
        `Too many failed logins; try again in ${seconds} seconds`,
        seconds,
      );
    }
  }

  private fingerprint(passwordHash: string, password: string): string {
    return createHmac('sha256', this.verifiedKey)
      .update(passwordHash)
      .update('\0')
      .update(password)
      .digest('base64');
  }

  private recentlyVerified(fingerprint: string): boolean {
    const expires = this.verified.get(fingerprint);
    if (expires === undefined) return false;
    if (expires > Date.now()) return true;
    this.verified.delete(fingerprint);
    return false;
  }

  private remember(fingerprint: string): void {
    this.verified.delete(fingerprint);
    this.verified.set(fingerprint, Date.now() + VERIFIED_TTL_MS);
    if (this.verified.size > VERIFIED_MAX) this.verified.delete(this.verified.keys().next().value!);
  }

  private cookieOptions(expires?: Date): CookieOptions {
    const options: CookieOptions = {
      httpOnly: true,
      sameSite: 'lax',
      secure: this.config.auth.secureCookies,
      path: '/',
    };
    return expires ? { ...options, expires } : options;
  }
}
