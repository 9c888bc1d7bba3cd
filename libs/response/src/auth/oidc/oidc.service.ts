import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CONFIG, type Config } from '../../config/config.js';
import type { OidcProviderConfig } from '../../config/oidc.config.js';
import type { Account } from '../account.entity.js';
import { OidcAccounts } from './oidc-accounts.js';
import { OidcClient, SignInError, type SignInSecrets } from './oidc-client.js';
import { OidcLogin } from './oidc-login.entity.js';
import { safeNext } from './safe-next.js';

/** How long a sign-in may take at the provider. */
export const SIGN_IN_TTL_MS = 10 * 60 * 1000;
/** The path of the callback, under SITE_URL: register `SITE_URL` + this at the provider. */
export const CALLBACK_PATH = '/core/auth/oidc/callback';

const hash = (value: string) => createHash('sha256').update(value).digest('hex');

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A sign-in that went through: the account, and where to go. */
export interface SignedIn {
  account: Account;
  next: string;
}

/**
 * Sign-in with an OpenID Connect provider. The start records the state (by
 * its hash), nonce and PKCE verifier for 10 minutes and gives the browser the
 * state in a cookie; the callback takes that record once (a second use finds
 * nothing), checks that the browser's cookie, the provider's `state` and the
 * record agree, and has `openid-client` exchange the code and check the ID
 * token.
 */
@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private readonly client: OidcClient | null;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly dataSource: DataSource,
    private readonly accounts: OidcAccounts,
  ) {
    const provider = config.oidc.provider;
    this.client = provider ? new OidcClient(provider) : null;
  }

  get provider(): OidcProviderConfig | null {
    return this.config.oidc.provider;
  }

  /** `SITE_URL/core/auth/oidc/callback`. */
  redirectUri(): string {
    return `${this.config.app.siteUrl}${CALLBACK_PATH}`;
  }

  /** Starts a sign-in: where to send the browser, and the state for its cookie. */
  async start(next: unknown): Promise<{ url: URL; state: string }> {
    const client = this.requireClient();
    const secrets = OidcClient.secrets();
    const url = await client.authorizationUrl(this.redirectUri(), secrets);
    const logins = this.dataSource.getRepository(OidcLogin);
    await logins.createQueryBuilder().delete().where('expires_at < now()').execute();
    await logins.insert({
      stateHash: hash(secrets.state),
      nonce: secrets.nonce,
      codeVerifier: secrets.codeVerifier,
      next: safeNext(next, this.config.app.siteUrl),
      expiresAt: new Date(Date.now() + SIGN_IN_TTL_MS),
    });
    return { url, state: secrets.state };
  }

  /** Finishes a sign-in from the callback's query and the browser's state cookie; throws SignInError. */
  async finish(query: Record<string, unknown>, cookieState: unknown): Promise<SignedIn> {
    const client = this.requireClient();
    const provider = this.provider!;
    const state = typeof query.state === 'string' ? query.state : '';
    if (typeof cookieState !== 'string' || !state || !sameText(cookieState, state))
      throw new SignInError(
        400,
        'This sign-in was not started in this browser, or it has expired. Please start again.',
        'state does not match the browser cookie',
      );
    const login = await this.take(state);
    if (!login)
      throw new SignInError(
        400,
        'This sign-in has expired or was used already. Please start again.',
        'no sign-in under way for this state',
      );
    const secrets: SignInSecrets = { state, nonce: login.nonce, codeVerifier: login.codeVerifier };
    const callback = new URL(this.redirectUri());
    for (const [key, value] of Object.entries(query))
      if (typeof value === 'string') callback.searchParams.set(key, value);
    const identity = await client.finish(callback, secrets);
    this.accounts.admit(identity, provider);
    return { account: await this.accounts.accountFor(identity, provider), next: login.next };
  }

  /** Logs why a sign-in failed (the page says less). */
  logRefusal(error: SignInError): void {
    this.logger.warn(
      `Sign-in with ${this.provider?.name ?? 'the provider'} refused: ${error.reason}`,
    );
  }

  /** The sign-in under way for a state, deleted as it is read: each is used once. */
  private async take(state: string): Promise<OidcLogin | null> {
    const rows: OidcLogin[] = await this.dataSource.query(
      `DELETE FROM oidc_login WHERE state_hash = $1 AND expires_at > now()
       RETURNING nonce, code_verifier AS "codeVerifier", next`,
      [hash(state)],
    );
    const row = (Array.isArray(rows[0]) ? rows[0][0] : rows[0]) as OidcLogin | undefined;
    return row ?? null;
  }

  private requireClient(): OidcClient {
    if (!this.client)
      throw new SignInError(
        404,
        'Sign-in with a provider is not set up here.',
        'OIDC_CLIENT_ID is not set',
      );
    return this.client;
  }
}
