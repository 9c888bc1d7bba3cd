import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { authMethodsDtoSchema, SESSION_COOKIE, type MeDto } from '@response/contracts';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { dataSource, seedSlackUsers } from '../factories/core.js';
import { TestOidcProvider, type ProviderPerson } from '../fakes/oidc-provider.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { BrowserClient } from '../support/browser-client.js';
import { freePort } from '../support/processes.js';

/**
 * Sign-in with OpenID Connect against a real provider (`oidc-provider`)
 * running in the test, through the whole redirect dance: the app's start,
 * the provider's authorization endpoint, the callback, the session.
 */

const TEAM = 'T0TEAM';
const person = (name: string, extra: Partial<ProviderPerson> = {}): ProviderPerson => ({
  sub: `sub-${name}`,
  email: `${name}@example.com`,
  email_verified: true,
  name: name[0].toUpperCase() + name.slice(1),
  slackUserId: `U0${name.toUpperCase()}`,
  slackTeamId: TEAM,
  ...extra,
});

describe('sign in with an OpenID Connect provider', () => {
  let t: TestApp;
  let provider: TestOidcProvider;
  const callbackPath = '/core/auth/oidc/callback';

  /** Starts a sign-in as `who` and goes through the provider up to (not into) the callback. */
  async function toCallback(who: ProviderPerson, next = '/incident/3/') {
    provider.signInAs = who;
    const browser = new BrowserClient();
    const start = await browser.get(
      `${t.url}/core/auth/oidc/login?next=${encodeURIComponent(next)}`,
    );
    expect(start.status).toBe(302);
    const authorize = new URL(start.headers.get('location')!);
    const { url } = await browser.follow(authorize.href, `${t.url}${callbackPath}`);
    return { browser, authorize, callback: url };
  }

  async function signIn(who: ProviderPerson, next?: string) {
    const { browser, authorize, callback } = await toCallback(who, next);
    const res = await browser.get(callback);
    return { browser, authorize, callback, res, body: res.status === 302 ? '' : await res.text() };
  }

  async function me(browser: BrowserClient): Promise<MeDto> {
    const res = await browser.get(`${t.url}/core/auth/me`);
    expect(res.status).toBe(200);
    return (await res.json()) as MeDto;
  }

  const accountCount = async () =>
    Number((await dataSource(t).query(`SELECT count(*) AS n FROM account`))[0].n);

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({
      redis: false,
      env: {
        OIDC_ISSUER: `http://127.0.0.1:${port}`,
        OIDC_CLIENT_ID: 'response-test-client',
        OIDC_CLIENT_SECRET: 'a-test-client-secret-of-enough-length',
        OIDC_NAME: 'Slack',
        SLACK_TEAM_ID: TEAM,
        OIDC_ADMINS: 'carol@example.com, sub-erin',
      },
    });
    provider = new TestOidcProvider(port, `${t.url}${callbackPath}`);
    await provider.start();
  });

  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  it('tells the login page to show "Sign in with Slack"', async () => {
    const res = await t.http().get('/core/auth/methods').expect(200);
    expect(authMethodsDtoSchema.parse(res.body)).toEqual({
      password: true,
      oidc: { name: 'Slack', login_url: '/core/auth/oidc/login' },
    });
  });

  it('sends the browser to the provider with the code flow, PKCE (S256), state and nonce', async () => {
    const { authorize } = await toCallback(person('alice'));
    expect(authorize.origin).toBe(provider.issuer);
    const params = authorize.searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('client_id')).toBe(provider.clientId);
    expect(params.get('redirect_uri')).toBe(`${t.url}${callbackPath}`);
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(params.get('state')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(params.get('nonce')).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(params.get('scope')).toBe('openid email profile');
  });

  it('a first sign-in creates the account, linked to the Slack user, and returns to next', async () => {
    const before = await accountCount();
    const { browser, res } = await signIn(person('alice'));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/incident/3/');
    expect(browser.cookie(t.url, SESSION_COOKIE)).toBeDefined();
    const who = await me(browser);
    expect(who).toMatchObject({
      username: 'alice@example.com',
      role: 'responder',
      user: { app_id: 'slack', external_id: 'U0ALICE', display_name: 'Alice' },
    });
    expect(who.csrf_token).toEqual(expect.any(String));
    expect(await accountCount()).toBe(before + 1);
  });

  it('a returning user gets the same account', async () => {
    const before = await accountCount();
    const { browser, res } = await signIn(person('alice'), '/');
    expect(res.status).toBe(302);
    expect((await me(browser)).username).toBe('alice@example.com');
    expect(await accountCount()).toBe(before);
  });

  it('finds an account already linked to the Slack user', async () => {
    const [bob] = await seedSlackUsers(t, [{ external_id: 'U0BOB', display_name: 'bob' }]);
    await t.app.get(AccountsService).create({
      username: 'bob-old',
      password: 'bob-password-1',
      role: 'viewer',
      externalUserId: bob,
    });
    const before = await accountCount();
    const { browser } = await signIn(person('bob'));
    expect(await me(browser)).toMatchObject({ username: 'bob-old', role: 'viewer' });
    expect(await accountCount()).toBe(before);
  });

  it('makes OIDC_ADMINS admins, by email or subject', async () => {
    expect((await me((await signIn(person('carol'))).browser)).role).toBe('admin');
    const erin = person('erin', { email: undefined });
    expect(await me((await signIn(erin)).browser)).toMatchObject({
      username: 'slack-u0erin',
      role: 'admin',
    });
  });

  it('refuses someone from another Slack workspace with a clear page', async () => {
    const before = await accountCount();
    const { browser, res, body } = await signIn(person('mallory', { slackTeamId: 'T0OTHER' }));
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(body).toContain('another workspace than the one this Response serves');
    expect(body).not.toMatch(/\bat \w+ \(|Error:/);
    expect(browser.cookie(t.url, SESSION_COOKIE)).toBeUndefined();
    expect(await accountCount()).toBe(before);
  });

  it('refuses a callback whose state is not the one this browser started with', async () => {
    const { browser, callback } = await toCallback(person('alice'));
    const forged = new URL(callback);
    forged.searchParams.set('state', 'a-state-this-browser-never-had');
    const res = await browser.get(forged.href);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('not started in this browser');
    expect(browser.cookie(t.url, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses the same callback twice, and a code replayed into a new sign-in', async () => {
    const first = await signIn(person('alice'));
    expect(first.res.status).toBe(302);
    // Even with the state cookie put back, the sign-in it belonged to is gone.
    const state = new URL(first.callback).searchParams.get('state')!;
    first.browser.setCookie(t.url, 'response_oidc_state', state);
    const replay = await first.browser.get(first.callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('expired or was used already');

    // A fresh sign-in's state, with the code already redeemed: the provider refuses it.
    const fresh = await toCallback(person('alice'));
    const replayed = new URL(fresh.callback);
    replayed.searchParams.set('code', new URL(first.callback).searchParams.get('code')!);
    const res = await fresh.browser.get(replayed.href);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('could not be completed');
    expect(fresh.browser.cookie(t.url, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses an ID token whose nonce is not the one sent', async () => {
    const { browser, callback } = await toCallback(person('alice'));
    // The sign-in under way now expects another nonce than the one in the token.
    await dataSource(t).query(`UPDATE oidc_login SET nonce = 'another-nonce-entirely'`);
    const res = await browser.get(callback);
    expect(res.status).toBe(400);
    expect(browser.cookie(t.url, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses an expired ID token', async () => {
    provider.idTokenTtl = -600;
    try {
      const { browser, res } = await signIn(person('alice'));
      expect(res.status).toBe(400);
      expect(browser.cookie(t.url, SESSION_COOKIE)).toBeUndefined();
    } finally {
      provider.idTokenTtl = 3600;
    }
  });

  it('returns only to paths of this site', async () => {
    for (const next of [
      'https://evil.example/x',
      '//evil.example/x',
      '/\\evil.example',
      '/login',
    ]) {
      const { res } = await signIn(person('alice'), next);
      expect(res.headers.get('location')).toBe('/');
    }
    const { res } = await signIn(person('alice'), '/incident/7/?tab=timeline#end');
    expect(res.headers.get('location')).toBe('/incident/7/?tab=timeline#end');
  });
});
