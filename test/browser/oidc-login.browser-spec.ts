import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import type { Page } from 'playwright-core';
import { TestOidcProvider } from '../fakes/oidc-provider.js';
import { freePort } from '../support/processes.js';
import { launchChromium, type Chromium } from './support/chromium.js';
import { startBuiltServer, type RunningServer } from './support/server.js';

describe('Sign in with Slack on the login page', () => {
  let app: RunningServer;
  let provider: TestOidcProvider;
  let browser: Chromium;
  let page: Page;

  beforeAll(async () => {
    const [appPort, providerPort] = [await freePort(), await freePort()];
    const site = `http://127.0.0.1:${appPort}`;
    provider = new TestOidcProvider(providerPort, `${site}/core/auth/oidc/callback`);
    await provider.start();
    app = await startBuiltServer({
      env: {
        PORT: String(appPort),
        SITE_URL: site,
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.clientId,
        OIDC_CLIENT_SECRET: provider.clientSecret,
        OIDC_NAME: 'Slack',
        SLACK_TEAM_ID: 'T0TEAM',
      },
    });
    browser = await launchChromium();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await provider?.stop();
  });

  it('signs in through the provider and lands where the user was going', async () => {
    const incident = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: 'Reached through single sign-on',
    });
    provider.signInAs = {
      sub: 'sub-gus',
      email: 'gus@example.com',
      email_verified: true,
      name: 'Gus',
      slackUserId: 'U0GUS',
      slackTeamId: 'T0TEAM',
    };
    await page.goto(`${app.url}/incident/${incident.id}/`);
    await page.waitForURL(/\/login/);
    await page.getByRole('link', { name: 'Sign in with Slack' }).click();
    await page.getByRole('heading', { name: `Incident ${incident.id}` }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/incident/${incident.id}/?$`));
    await expect(page.locator('.who .muted').textContent()).resolves.toBe('Gus');
  });
});
