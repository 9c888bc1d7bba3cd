import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto, Paginated, StatusUpdateDto } from '@response/contracts';
import { join } from 'node:path';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ADMIN, ARTIFACTS, startBuiltServer, type RunningServer } from './support/server.js';

/**
 * The doc's status update panel: the latest update at the top, when the next
 * one is due (a warning once overdue), and the form that posts one.
 */
describe('the doc posts status updates and says when the next is due', () => {
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  let incident: IncidentDto;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await startBuiltServer();
    incident = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: 'Checkout returns 502s',
      severity: '1',
    });
    // Declared 20 minutes ago: with a critical cadence of 15 minutes, 5 minutes overdue.
    const client = new pg.Client({ connectionString: app.database.url });
    await client.connect();
    try {
      await client.query(
        `UPDATE incident SET report_time = now() - interval '20 minutes 10 seconds' WHERE id = $1`,
        [incident.id],
      );
    } finally {
      await client.end();
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/incident/${incident.id}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: `Incident ${incident.id}` }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const due = () => page.locator('[data-update-due]');

  it('shows an overdue update as a warning, above everything else', async () => {
    await expect(due().textContent()).resolves.toMatch(/^\s*(⚠️)?\s*Overdue by 5 min\s*$/);
    await expect(due().getAttribute('class')).resolves.toContain('overdue');
    await page.getByText('No status update yet.').waitFor();
    // At the top: before the summary.
    const [panel, summary] = await Promise.all([
      page.locator('app-status-update').boundingBox(),
      page.getByText('Summary', { exact: true }).first().boundingBox(),
    ]);
    expect(panel!.y).toBeLessThan(summary!.y);
    await page.screenshot({ path: join(ARTIFACTS, 'status-update-overdue.png') });
  });

  it('posts an update from the form: shown at the top, the clock restarts, on the timeline', async () => {
    const button = page.getByRole('button', { name: 'Post update' });
    await expect(button.isDisabled()).resolves.toBe(true);
    // Only invisible characters: still nothing to post.
    await page.getByLabel(/Post update/).fill('\u200B \u200B');
    await expect(button.isDisabled()).resolves.toBe(true);
    await page.getByLabel(/Post update/).fill('Rolled back the **gateway** config; errors falling');
    await button.click();

    const latest = page.locator('[data-latest-update]');
    await latest.locator('strong', { hasText: 'gateway' }).waitFor();
    await expect(latest.textContent()).resolves.toContain('errors falling');
    await expect(latest.textContent()).resolves.toContain(ADMIN.username);
    await page.getByText(/^\s*Next update due in 15 min\s*$/).waitFor();
    await expect(due().getAttribute('class')).resolves.not.toContain('overdue');
    await expect(page.getByLabel(/Post update/).inputValue()).resolves.toBe('');

    const entry = page
      .locator('[data-timeline-entry]')
      .filter({ hasText: 'Status update' })
      .filter({ hasText: 'errors falling' });
    await entry.waitFor();

    const stored = await app.core<Paginated<StatusUpdateDto>>(
      'GET',
      `/core/incidents/${incident.id}/updates`,
    );
    expect(stored.count).toBe(1);
    expect(stored.results[0].text).toBe('Rolled back the **gateway** config; errors falling');
    expect(stored.results[0].author?.external_id).toBe(ADMIN.username);
    expect(errors).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'status-update-posted.png') });
  });

  it('shows the latest update to whoever opens the doc next', async () => {
    await page.reload();
    await page.locator('[data-latest-update]').getByText('errors falling').waitFor();
    await page.getByText(/^\s*Next update due in 1[45] min\s*$/).waitFor();
  });
});
