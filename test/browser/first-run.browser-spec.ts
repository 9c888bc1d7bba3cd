import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ARTIFACTS, startBuiltServer, type RunningServer } from './support/server.js';

/**
 * A fresh server, as `npm start` leaves it: no account. The login page says
 * so, the printed setup link makes the first admin and logs them in, and the
 * Accounts page then adds and manages everyone else. Steps run in order.
 */
describe('first run and the Accounts page', () => {
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  let link: URL;
  /** Where the setup link points (SITE_URL): the app is used from there. */
  let site: string;
  const errors: string[] = [];
  const FOUNDER = { username: 'founder', password: 'founder-password-1' };

  const basic = (username: string, password: string) =>
    `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

  beforeAll(async () => {
    app = await startBuiltServer({ admin: false });
    link = new URL(await app.server.waitForOutput(/\/setup\?code=/, 30_000));
    site = link.origin;
    // Two people the Slack user sync has brought in.
    const db = new pg.Client({ connectionString: app.database.url });
    await db.connect();
    await db.query(
      `INSERT INTO external_user (app_id, external_id, display_name, full_name)
       VALUES ('slack', 'U0ALICE', 'alice', 'Alice Example'), ('slack', 'U0BOB', 'bob', 'Bob Example')`,
    );
    await db.end();
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('1. the login page says no account exists yet', async () => {
    await page.goto(`${site}/`);
    await page.waitForURL(/\/login/);
    await page
      .getByText('No account exists yet: open the setup link printed by the server.')
      .waitFor();
  });

  it('2. the setup link creates the first admin and logs them in', async () => {
    await page.goto(link.toString());
    await page.getByRole('heading', { name: 'Welcome to Response' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'setup.png') });
    await page.getByLabel('Username').fill(FOUNDER.username);
    await page.getByLabel('Password', { exact: true }).fill(FOUNDER.password);
    await page.getByLabel('Password again').fill('something-else-1');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/passwords differ/);
    await page.getByLabel('Password again').fill(FOUNDER.password);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.waitForURL(`${site}/`);
    await page.getByRole('banner').getByText(FOUNDER.username).waitFor();
    await page.getByRole('link', { name: 'Accounts' }).waitFor();
  });

  it('3. the setup page is gone: 404 from the server', async () => {
    const res = await page.goto(link.toString());
    expect(res?.status()).toBe(404);
  });

  it('4. the Accounts page creates an account linked to a Slack user picked from the list', async () => {
    await page.goto(`${site}/`);
    await page.getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('heading', { name: 'Accounts', level: 1 }).waitFor();
    await page.getByRole('row', { name: /founder \(you\)/ }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill('rosa');
    await page.getByLabel('Password', { exact: true }).fill('rosa-password-1');
    await page.getByLabel('Role', { exact: true }).selectOption('responder');
    await page.getByRole('searchbox', { name: 'Filter Slack user' }).fill('alice');
    await page.locator('#new-slack').selectOption('U0ALICE');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('status').getByText('Account rosa created').waitFor();
    const row = page.getByRole('row', { name: /rosa/ });
    await row.getByText('alice').waitFor();
    const me = await fetch(`${app.url}/core/auth/me`, {
      headers: { authorization: basic('rosa', 'rosa-password-1') },
    });
    expect(await me.json()).toMatchObject({ role: 'responder', user: { external_id: 'U0ALICE' } });
  });

  it('5. changes the role, resets the password, disables and enables', async () => {
    await page.getByLabel('Role of rosa').selectOption('viewer');
    await page.getByRole('status').getByText('rosa is now viewer').waitFor();

    await page.getByRole('button', { name: 'Reset the password of rosa' }).click();
    await page.getByLabel('New password for rosa').fill('rosa-new-password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByRole('status').getByText('New password set for rosa').waitFor();
    const me = await fetch(`${app.url}/core/auth/me`, {
      headers: { authorization: basic('rosa', 'rosa-new-password') },
    });
    expect(await me.json()).toMatchObject({ username: 'rosa', role: 'viewer' });

    await page.getByRole('button', { name: 'Disable rosa' }).click();
    await page.getByRole('row', { name: /rosa/ }).getByText('Disabled').waitFor();
    const refused = await fetch(`${app.url}/core/auth/me`, {
      headers: { authorization: basic('rosa', 'rosa-new-password') },
    });
    expect(refused.status).toBe(403);
    await page.getByRole('button', { name: 'Enable rosa' }).click();
    await page.getByRole('row', { name: /rosa/ }).getByText('Active').waitFor();
  });

  it('6. unlocks an account slowed down by failed logins', async () => {
    for (let i = 0; i < 3; i++) {
      await fetch(`${app.url}/core/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'rosa', password: `guess-${i}` }),
      });
    }
    await page.reload();
    const row = page.getByRole('row', { name: /rosa/ });
    await row.getByText('Slowed down by failed logins').waitFor();
    await page.getByRole('button', { name: 'Unlock rosa' }).click();
    await page.getByRole('status').getByText("rosa's failed logins are forgotten").waitFor();
    await row.getByText('Active').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'accounts.png'), fullPage: true });
  });

  it('7. the lead picker offers every account and every Slack user', async () => {
    await page.getByRole('link', { name: 'Declare incident' }).click();
    await page.getByRole('heading', { name: 'Declare an incident' }).waitFor();
    const options = await page.locator('#lead option').allTextContents();
    // The founder has done nothing yet; bob has written nothing; rosa acts as alice.
    expect(options.map((o) => o.trim())).toEqual(
      expect.arrayContaining(['founder', 'alice', 'bob']),
    );
    expect(options.map((o) => o.trim())).not.toContain('rosa');
    expect(errors).toEqual([]);
  });
});
