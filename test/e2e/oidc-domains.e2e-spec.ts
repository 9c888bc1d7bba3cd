import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SESSION_COOKIE, type MeDto } from '@response/contracts';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { TestOidcProvider, type ProviderPerson } from '../fakes/oidc-provider.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';
import { BrowserClient } from '../support/browser-client.js';
import { freePort } from '../support/processes.js';

/**
 * Any OpenID Connect provider (not Slack): OIDC_ALLOWED_DOMAINS decides who
 * gets in, and PASSWORD_LOGIN=false leaves the password only to the
 * break-glass admin.
 */
describe('sign in with a provider limited to email domains, password login off', () => {
  let t: TestApp;
  let provider: TestOidcProvider;
  const callback = '/core/auth/oidc/callback';

  async function signIn(who: ProviderPerson) {
    provider.signInAs = who;
    const browser = new BrowserClient();
    const start = await browser.get(`${t.url}/core/auth/oidc/login`);
    const { url } = await browser.follow(start.headers.get('location')!, `${t.url}${callback}`);
    const res = await browser.get(url);
    return { browser, res, body: res.status === 302 ? '' : await res.text() };
  }

  beforeAll(async () => {
    const port = await freePort();
    t = await startTestApp({
      redis: false,
      env: {
        OIDC_ISSUER: `http://127.0.0.1:${port}`,
        OIDC_CLIENT_ID: 'response-test-client',
        OIDC_CLIENT_SECRET: 'a-test-client-secret-of-enough-length',
        OIDC_ALLOWED_DOMAINS: 'example.com, @corp.example',
        OIDC_DEFAULT_ROLE: 'viewer',
        PASSWORD_LOGIN: 'false',
      },
    });
    provider = new TestOidcProvider(port, `${t.url}${callback}`);
    await provider.start();
    await t.app
      .get(AccountsService)
      .create({ username: 'pat', password: 'pat-password-1', role: 'responder' });
  });

  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });

  it('names the provider after its host, and says password login is off', async () => {
    const res = await t.http().get('/core/auth/methods').expect(200);
    expect(res.body).toEqual({
      password: false,
      oidc: { name: '127.0.0.1', login_url: '/core/auth/oidc/login' },
    });
  });

  it('lets in a verified address of an allowed domain, with OIDC_DEFAULT_ROLE', async () => {
    const { browser, res } = await signIn({
      sub: 'kc-1',
      email: 'Dana@Corp.Example',
      email_verified: true,
      name: 'Dana',
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/');
    const me = (await (await browser.get(`${t.url}/core/auth/me`)).json()) as MeDto;
    expect(me).toMatchObject({ username: 'dana@corp.example', role: 'viewer', user: null });
  });

  it.each([
    ['another domain', { sub: 'kc-2', email: 'eve@elsewhere.example', email_verified: true }],
    ['an unverified address', { sub: 'kc-3', email: 'fay@example.com', email_verified: false }],
    ['no address at all', { sub: 'kc-4' }],
  ])('refuses %s with a clear page', async (_what, who) => {
    const { browser, res, body } = await signIn(who);
    expect(res.status).toBe(403);
    expect(body).toContain('Only people with an email address at example.com, corp.example');
    expect(browser.cookie(t.url, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses password login, except to the ADMIN_USERNAME account', async () => {
    const refused = await t
      .http()
      .post('/core/auth/login')
      .send({ username: 'pat', password: 'pat-password-1' })
      .expect(403);
    expect(refused.body.message).toBe('Password login is turned off: sign in with 127.0.0.1');
    await t.http().post('/core/auth/login').send(ADMIN).expect(200);
    // API clients keep HTTP Basic.
    await t.http().get('/core/incidents').auth('pat', 'pat-password-1').expect(200);
  });
});
