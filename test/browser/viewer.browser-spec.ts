import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { REPO_ROOT } from '../support/processes.js';
import { launchChromium, type Chromium } from './support/chromium.js';
import { startBuiltServer, type RunningServer } from './support/server.js';

const VIEWER = { username: 'vera', password: 'viewer-password-1' };

describe('a viewer reads everything and edits nothing', () => {
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  let incident: IncidentDto;

  beforeAll(async () => {
    app = await startBuiltServer();
    incident = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: 'Queue backlog in billing',
      summary: 'Workers **stalled** after a config change.',
      severity: '3',
    });
    await app.core('POST', `/core/incidents/${incident.id}/actions`, {
      details: 'Alert on queue age',
    });
    await app.core('POST', `/core/incidents/${incident.id}/timeline/events`, {
      timestamp: new Date().toISOString(),
      text: 'Restarted workers',
    });
    execFileSync(
      process.execPath,
      ['libs/response/dist/auth/account-cli.js', '--username', VIEWER.username, '--role', 'viewer'],
      {
        cwd: REPO_ROOT,
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: app.database.url,
          ACCOUNT_PASSWORD: VIEWER.password,
          LOG_LEVEL: 'error',
        },
        stdio: 'pipe',
      },
    );
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${app.url}/incident/${incident.id}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username').fill(VIEWER.username);
    await page.getByLabel('Password').fill(VIEWER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: `Incident ${incident.id}` }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('sees the doc without any edit control', async () => {
    await page.getByText('Restarted workers').waitFor();
    await expect(page.locator('markdown strong').first().textContent()).resolves.toBe('stalled');
    await expect(page.getByText('Alert on queue age').count()).resolves.toBe(1);
    const buttons = (await page.locator('main button').allTextContents()).map((t) => t.trim());
    expect(buttons).toEqual(['Download report (Markdown)']);
    await expect(page.locator('main select, main textarea').count()).resolves.toBe(0);
    // Action status as a symbol and a word, not a disabled checkbox.
    await expect(page.locator('app-incident-actions').getByRole('checkbox').count()).resolves.toBe(
      0,
    );
    await expect(
      page.locator('app-incident-actions .state').first().getAttribute('aria-label'),
    ).resolves.toMatch(/^(Done|Open)$/);
    await expect(
      page.locator('app-incident-actions .status-text').first().textContent(),
    ).resolves.toMatch(/^(Done|Open)$/);
    await expect(page.getByRole('link', { name: 'Declare incident' }).count()).resolves.toBe(0);
  });

  it('cannot declare from the web either', async () => {
    await page.goto(`${app.url}/incidents/new`);
    await page.getByText('Your account can read incidents but not declare them.').waitFor();
    await expect(page.locator('form').count()).resolves.toBe(0);
  });
});
