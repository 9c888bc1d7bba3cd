import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import pg from 'pg';
import type { Locator, Page } from 'playwright-core';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { eventCallback, events, signedPost, slackEnv } from '../support/slack.js';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ADMIN, startBuiltServer, type RunningServer } from './support/server.js';

/**
 * The doc updates itself: a change made in Slack (by the server's queue work)
 * or by someone else through the API appears on an open doc without a reload,
 * and a field the user is editing keeps what they typed.
 */
describe('the live incident doc', () => {
  let slack: FakeSlack;
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  let incident: IncidentDto;
  const errors: string[] = [];

  const section = (name: string): Locator =>
    page
      .locator('section')
      .filter({ has: page.getByRole('heading', { name: new RegExp(`^${name}`) }) })
      .first();

  beforeAll(async () => {
    slack = await startFakeSlack();
    slack.seedUser({ id: 'U0REPORTER', name: 'rita', real_name: 'Rita Reporter' });
    app = await startBuiltServer({ env: slackEnv(slack.url) as Record<string, string> });
    incident = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: 'Payments time out',
      summary: 'First words',
      reporter: { external_id: 'U0REPORTER' },
    });
    const client = new pg.Client({ connectionString: app.database.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO comms_channel (incident_id, channel_id, channel_name) VALUES ($1, 'CLIVEDOC1', 'inc-live')`,
        [incident.id],
      );
    } finally {
      await client.end();
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/incident/${incident.id}`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: `Incident ${incident.id}` }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await slack?.close();
  });

  it('shows a severity set in Slack without a reload', async () => {
    const severity = page.locator('app-doc-header select#severity');
    await expect(severity.inputValue()).resolves.toBe('');
    const mention = events.appMention({
      channel: 'CLIVEDOC1',
      text: '<@UBOT0001> severity critical',
      user: 'U0REPORTER',
    });
    expect((await signedPost(app.url, '/slack/event', eventCallback(mention))).status).toBe(200);
    await page.waitForFunction(
      () =>
        (document.querySelector('app-doc-header select#severity') as HTMLSelectElement)?.value ===
        '1',
      undefined,
      { timeout: 15_000 },
    );
    // The timeline follows too.
    await page
      .locator('app-incident-timeline')
      .getByText(/severity/i)
      .first()
      .waitFor({ timeout: 15_000 });
    expect(errors).toEqual([]);
  });

  it('keeps what the user is typing when someone else changes that field, and says who', async () => {
    const summary = section('Summary');
    await summary.getByRole('button', { name: 'Edit summary' }).click();
    const editor = summary.getByRole('textbox', { name: 'Summary' });
    await editor.fill('My careful words');
    await app.core('PATCH', `/core/incidents/${incident.id}`, {
      summary: 'Changed from elsewhere',
      impact: 'Some customers',
    });
    const notice = page.locator('[data-notice]');
    await notice.getByText('changed the summary while you were editing').waitFor({
      timeout: 15_000,
    });
    // Fields not being edited update in place; the editor keeps its text.
    await section('Impact').getByText('Some customers').waitFor();
    await expect(editor.inputValue()).resolves.toBe('My careful words');
    await notice.getByRole('button', { name: 'View theirs' }).click();
    await page.locator('dialog[open]').getByText('Changed from elsewhere').waitFor();
    await page.locator('dialog[open]').getByRole('button', { name: 'Back to my text' }).click();
    await expect(editor.inputValue()).resolves.toBe('My careful words');
    expect(errors).toEqual([]);
  });
});
