import { exportJWK, generateKeyPair } from 'jose';
import { createServer, type Server } from 'node:http';
import Provider, { type Adapter, type AdapterPayload, type Configuration } from 'oidc-provider';

/** The provider's storage, in memory: each test run is one process. */
class MemoryAdapter implements Adapter {
  private static readonly store = new Map<string, AdapterPayload>();

  constructor(private readonly model: string) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: AdapterPayload): Promise<void> {
    MemoryAdapter.store.set(this.key(id), payload);
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    return MemoryAdapter.store.get(this.key(id));
  }

  async findByUserCode(): Promise<undefined> {
    return undefined;
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return [...MemoryAdapter.store.values()].find((payload) => payload.uid === uid);
  }

  async consume(id: string): Promise<void> {
    const payload = MemoryAdapter.store.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    MemoryAdapter.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, payload] of MemoryAdapter.store)
      if (payload.grantId === grantId) MemoryAdapter.store.delete(key);
  }
}

/** A person the provider knows, with the claims it vouches for. */
export interface ProviderPerson {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** Slack's own claims, as Sign in with Slack sends them. */
  slackUserId?: string;
  slackTeamId?: string;
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on this
 * machine, for the sign-in tests: discovery, JWKS, the authorization
 * endpoint with PKCE, the token endpoint and userinfo are the package's own.
 * Only the login and consent screens are skipped: the person the test names
 * with `signInAs` is signed in and consents at once.
 */
export class TestOidcProvider {
  readonly clientId = 'response-test-client';
  readonly clientSecret = 'a-test-client-secret-of-enough-length';
  /** Who the next sign-in is. */
  signInAs: ProviderPerson | null = null;
  /** Lifetime of ID tokens in seconds; negative issues tokens that expired already. */
  idTokenTtl = 3600;
  private readonly people = new Map<string, ProviderPerson>();
  private server?: Server;

  constructor(
    readonly port: number,
    private readonly redirectUri: string,
  ) {}

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    const configuration: Configuration = {
      clients: [
        {
          client_id: this.clientId,
          client_secret: this.clientSecret,
          redirect_uris: [this.redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      jwks: { keys: [jwk as never] },
      cookies: { keys: ['test-cookie-signing-key'] },
      pkce: { required: () => true, methods: ['S256'] },
      claims: {
        openid: ['sub', 'https://slack.com/user_id', 'https://slack.com/team_id'],
        email: ['email', 'email_verified'],
        profile: ['name'],
      },
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: false } },
      adapter: MemoryAdapter,
      ttl: {
        IdToken: () => this.idTokenTtl,
        AccessToken: 600,
        AuthorizationCode: 60,
        Interaction: 600,
        Session: 3600,
        Grant: 3600,
      },
      interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx, sub) => {
        const person = this.people.get(sub);
        if (!person) return undefined;
        return {
          accountId: sub,
          claims: () => ({
            sub,
            email: person.email,
            email_verified: person.email_verified,
            name: person.name,
            'https://slack.com/user_id': person.slackUserId,
            'https://slack.com/team_id': person.slackTeamId,
          }),
        };
      },
    };
    const provider = new Provider(this.issuer, configuration);
    // The screens: sign in whoever the test chose, and grant what the client asked for.
    provider.use(async (ctx, next) => {
      if (!ctx.path.startsWith('/interaction/')) return next();
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      if (details.prompt.name === 'login') {
        const person = this.signInAs;
        if (!person) throw new Error('the test named nobody to sign in');
        this.people.set(person.sub, person);
        await provider.interactionFinished(ctx.req, ctx.res, { login: { accountId: person.sub } });
        return;
      }
      const grant = new provider.Grant({
        accountId: details.session!.accountId,
        clientId: details.params.client_id as string,
      });
      grant.addOIDCScope(String(details.params.scope));
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      );
    });
    this.server = createServer(provider.callback());
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
