import * as oidc from 'openid-client';
import { isLoopbackUrl, type OidcProviderConfig } from '../../config/oidc.config.js';

/** What one sign-in needs to carry from the redirect to the callback. */
export interface SignInSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The identity the provider vouched for, from the checked ID token (and userinfo). */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean | null;
  name: string | null;
  /** Slack's `https://slack.com/user_id` and `https://slack.com/team_id` claims, when present. */
  slackUserId: string | null;
  slackTeamId: string | null;
}

/** A sign-in the provider or the checks refused; `reason` is for the logs, not the page. */
export class SignInError extends Error {
  constructor(
    readonly status: number,
    readonly page: string,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'SignInError';
  }
}

/** The library's error, with the provider's own error code when it sent one (e.g. invalid_grant). */
function describe(error: unknown): string {
  const e = error as Error & { code?: string; error?: string; error_description?: string };
  const said = e.error ? ` ${e.error}${e.error_description ? `: ${e.error_description}` : ''}` : '';
  return `${e.name}${e.code ? ` ${e.code}` : ''}:${said || ` ${e.message}`}`;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

/**
 * The provider, through `openid-client` (a certified relying party library):
 * discovery, the authorization-code flow with PKCE (S256), state and nonce,
 * and every check of the ID token (signature against the provider's JWKS,
 * issuer, audience, expiry, nonce).
 */
export class OidcClient {
  private configuration: Promise<oidc.Configuration> | null = null;

  constructor(private readonly provider: OidcProviderConfig) {}

  /** The provider's metadata, discovered once (again after a failure). */
  private discovered(): Promise<oidc.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.provider.issuer);
      this.configuration = oidc
        .discovery(
          issuer,
          this.provider.clientId,
          this.provider.clientSecret,
          undefined,
          // Plain http only for a provider on this machine (tests, trials).
          isLoopbackUrl(issuer) && issuer.protocol === 'http:'
            ? { execute: [oidc.allowInsecureRequests], timeout: 10 }
            : { timeout: 10 },
        )
        .catch((error: unknown) => {
          this.configuration = null;
          throw new SignInError(
            502,
            `${this.provider.name} could not be reached. Try again in a moment.`,
            `discovery of ${this.provider.issuer} failed: ${(error as Error).message}`,
          );
        });
    }
    return this.configuration;
  }

  /** New random state, nonce and PKCE verifier for one sign-in. */
  static secrets(): SignInSecrets {
    return {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
    };
  }

  /** Where to send the browser: the provider's authorization endpoint. */
  async authorizationUrl(redirectUri: string, secrets: SignInSecrets): Promise<URL> {
    const config = await this.discovered();
    return oidc.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      response_type: 'code',
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  /** Exchanges the code of the callback URL and checks the ID token; throws SignInError. */
  async finish(callbackUrl: URL, secrets: SignInSecrets): Promise<ProviderIdentity> {
    const config = await this.discovered();
    let claims: oidc.IDToken;
    let accessToken: string;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: secrets.codeVerifier,
        expectedState: secrets.state,
        expectedNonce: secrets.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
      accessToken = tokens.access_token;
    } catch (error) {
      const refused = error instanceof oidc.AuthorizationResponseError;
      throw new SignInError(
        refused ? 403 : 400,
        refused
          ? `${this.provider.name} did not sign you in. Try again, or ask an admin for access.`
          : 'The sign-in could not be completed: it may have expired or been used already. Please start again.',
        describe(error),
      );
    }
    let extra: Record<string, unknown> = {};
    if (!text(claims.email) && config.serverMetadata().userinfo_endpoint) {
      // Some providers keep email and name for the userinfo endpoint (same subject, checked).
      extra = await oidc.fetchUserInfo(config, accessToken, claims.sub).catch(() => ({}));
    }
    const all: Record<string, unknown> = { ...extra, ...claims };
    return {
      issuer: String(claims.iss),
      subject: String(claims.sub),
      email: text(all.email)?.toLowerCase() ?? null,
      emailVerified: typeof all.email_verified === 'boolean' ? all.email_verified : null,
      name: text(all.name) ?? text(all.preferred_username),
      slackUserId: text(all['https://slack.com/user_id']),
      slackTeamId: text(all['https://slack.com/team_id']),
    };
  }
}
