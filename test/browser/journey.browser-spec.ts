import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto, TimelineEntryDto } from '@response/contracts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ADMIN, ARTIFACTS, startBuiltServer, type RunningServer } from './support/server.js';

/**
 * The whole life of an incident in the web app, as a responder lives it:
 * log in, declare, find it, write it up, close it, export it, log out.
 * Steps share one page and run in order.
 */
describe('web app journey', () => {
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  let incidentId: number;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await startBuiltServer();
    // A little history so the list is not empty.
    const history = [
      {
        report: 'Search results are stale for some customers',
        severity: '3',
        start_time: '2025-02-03T10:00:00Z',
      },
      {
        report: 'Login emails delayed by up to 20 minutes',
        severity: '4',
        start_time: '2025-02-11T07:30:00Z',
      },
      {
        report: 'API error rate above 5% in eu-west',
        severity: '2',
        start_time: '2025-02-20T14:05:00Z',
      },
    ];
    for (const body of history) {
      const incident = await app.core<IncidentDto>('POST', '/core/incidents', body);
      await app.core('PATCH', `/core/incidents/${incident.id}`, {
        end_time: new Date(Date.parse(body.start_time) + 95 * 60_000).toISOString(),
      });
    }
    await app.core('POST', '/core/incidents', {
      report: 'Customer reported a typo on the pricing page',
      report_only: true,
    });
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const section = (name: string): Locator =>
    page
      .locator('section')
      .filter({ has: page.getByRole('heading', { name, exact: false }) })
      .first();

  it('1. logs in, and comes back to where the user was going', async () => {
    await page.goto(`${app.url}/incidents/new`);
    await page.waitForURL(/\/login\?next=/);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/\S/);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${app.url}/incidents/new`);
    await page.getByRole('heading', { name: 'Declare an incident' }).waitFor();
    // The session is an HttpOnly cookie; nothing is kept in storage.
    const stored = await page.evaluate(() => ({
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
    }));
    expect(stored).toEqual({ local: 0, session: 0, cookie: '' });
  });

  it('2. declares an incident from the web and opens its doc', async () => {
    await page.getByLabel("What's happening?").fill('Checkout fails for card payments');
    await page.getByLabel('Summary').fill('Card payments return **502** since the 14:00 deploy.');
    await page.getByLabel('Severity', { exact: true }).selectOption('2');
    await page.getByRole('button', { name: 'Declare incident' }).last().click();
    await page.waitForURL(/\/incident\/\d+$/);
    incidentId = Number(/\/incident\/(\d+)/.exec(page.url())![1]);
    await page.getByRole('heading', { name: `Incident ${incidentId}` }).waitFor();
    await expect(page.locator('app-doc-header').textContent()).resolves.toContain('LIVE');
  });

  it('3. shows it first in the list, with its severity, status, lead and times', async () => {
    await page.getByRole('link', { name: '← All incidents' }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    const first = page.locator('app-incident-row').first();
    await expect(first.textContent()).resolves.toContain(`Incident ${incidentId}`);
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('🌧️');
    expect(text).toContain('LIVE');
    expect(text).toContain('Checkout fails for card payments');
    await expect(page.locator('app-incident-row').count()).resolves.toBe(5);
    await expect(page.getByText('REPORTED', { exact: true }).count()).resolves.toBe(1);
    // Filters live in the URL.
    await page.getByLabel('Status').selectOption('resolved');
    await page.waitForURL(/status=resolved/);
    await page.waitForFunction(() => document.querySelectorAll('app-incident-row').length === 3);
    await page.getByLabel('Search').fill('eu-west');
    await page.waitForURL(/q=eu-west/);
    await page.waitForFunction(() => document.querySelectorAll('app-incident-row').length === 1);
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.waitForFunction(() => document.querySelectorAll('app-incident-row').length === 5);
    // The API filters: severity and words in the report, kept in the URL and in the API's links.
    await page.getByLabel('Severity', { exact: true }).selectOption('2');
    await page.waitForURL(/severity=2/);
    await page.waitForFunction(() => document.querySelectorAll('app-incident-row').length === 2);
    await page.getByLabel('Search').fill('CHECKOUT card');
    await page.waitForURL(/q=CHECKOUT/);
    await page.waitForFunction(() => document.querySelectorAll('app-incident-row').length === 1);
    await expect(page.locator('app-incident-row').first().textContent()).resolves.toContain(
      'Checkout fails for card payments',
    );
    const statusOptions = await page.getByLabel('Status').locator('option').allTextContents();
    expect(statusOptions.map((o) => o.trim())).toEqual([
      'Any status',
      'Reported',
      'Live',
      'Resolved',
    ]);
    // Only one way to declare on this page.
    await expect(page.getByRole('link', { name: 'Declare incident' }).count()).resolves.toBe(1);
    // A page past the end says so, with a way back.
    await page.goto(`${app.url}/?page=99`);
    await page.getByRole('heading', { name: 'No page 99' }).waitFor();
    await page.getByRole('link', { name: 'Go to page 1' }).click();
    await page.waitForFunction(() => document.querySelectorAll('app-incident-row').length === 5);
    expect(page.url()).not.toContain('page=');
    await page.screenshot({ path: join(ARTIFACTS, 'incident-list.png'), fullPage: true });
  });

  it('4. opens the doc from the list, and from the Slack link with a trailing slash', async () => {
    await page.locator('app-incident-row').first().getByRole('link').click();
    await page.waitForURL(`${app.url}/incident/${incidentId}`);
    await page.goto(`${app.url}/incident/${incidentId}/`);
    await page.getByRole('heading', { name: `Incident ${incidentId}` }).waitFor();
    await expect(section('Summary').locator('strong').textContent()).resolves.toBe('502');
  });

  it('5. edits the summary in place, and the markdown renders', async () => {
    const summary = section('Summary');
    await summary.getByRole('button', { name: 'Edit summary' }).click();
    const editor = summary.getByRole('textbox', { name: 'Summary' });
    // Focus moves into the editor.
    await expect(editor.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await editor.fill(
      '## Root cause\nThe **payment gateway** pool was exhausted :fire:\n\n- rolled back\n- added capacity',
    );
    await expect(summary.locator('.preview h2').textContent()).resolves.toBe('Root cause');
    await summary.getByRole('button', { name: 'Save' }).click();
    await editor.waitFor({ state: 'detached' });
    await expect(summary.locator('markdown h2').textContent()).resolves.toBe('Root cause');
    await expect(summary.locator('markdown strong').textContent()).resolves.toBe('payment gateway');
    await expect(summary.locator('markdown li').count()).resolves.toBe(2);
    await expect(summary.textContent()).resolves.toContain('🔥');
    // Focus returns to the edit button.
    await expect(page.evaluate(() => document.activeElement?.outerHTML)).resolves.toContain(
      'Edit summary',
    );

    // Impact, keyboard only: Ctrl+Enter saves.
    const impact = section('Impact');
    await impact.getByRole('button', { name: 'Edit impact' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA');
    await page.keyboard.type('About 8% of orders failed for 40 minutes.');
    await page.keyboard.press('Control+Enter');
    await impact.getByRole('textbox').waitFor({ state: 'detached' });
    await expect(impact.locator('markdown p').textContent()).resolves.toBe(
      'About 8% of orders failed for 40 minutes.',
    );
  });

  it('6. sets the lead and the severity, which cannot be unset', async () => {
    // Picking saves at once; the select keeps the focus throughout.
    await page.getByLabel('Filter lead').fill(ADMIN.username);
    await page.getByLabel('Lead', { exact: true }).selectOption(ADMIN.username);
    await page.waitForFunction(() =>
      document
        .querySelector('app-incident-timeline')
        ?.textContent?.includes('added as incident lead'),
    );
    await page.waitForFunction(() => document.activeElement?.id === 'lead');
    const severity = page.getByLabel('Severity', { exact: true });
    // Arrowing through the closed select saves nothing until Enter or leaving it.
    await severity.focus();
    await page.keyboard.press('ArrowUp');
    await expect(severity.isEnabled()).resolves.toBe(true);
    expect((await app.core<IncidentDto>('GET', `/core/incidents/${incidentId}`)).severity).toBe(
      '2',
    );
    await severity.selectOption('1');
    await page.getByRole('img', { name: 'Severity: critical' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'severity');
    const options = await severity.locator('option').allTextContents();
    expect(options.map((o) => o.trim())).toEqual([
      '⛈️ Critical',
      '🌧️ Major',
      '🌦️ Minor',
      '🌤️ Trivial',
    ]);
    const saved = await app.core<IncidentDto>('GET', `/core/incidents/${incidentId}`);
    expect(saved.severity).toBe('1');
    expect(saved.lead?.external_id).toBe(ADMIN.username);
  });

  it('edits the report in the header; text with & and < shows as typed', async () => {
    await page.getByRole('button', { name: 'Edit report' }).click();
    const input = page.getByRole('textbox', { name: 'Report' });
    await expect(input.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await input.fill('   ');
    await expect(page.locator('app-doc-header button[type=submit]').isDisabled()).resolves.toBe(
      true,
    );
    await input.fill('Checkout fails for card payments (R&D <b>gateway</b>)');
    await input.press('Enter');
    await input.waitFor({ state: 'detached' });
    await expect(page.locator('app-doc-header .report-text').textContent()).resolves.toBe(
      'Checkout fails for card payments (R&D <b>gateway</b>)',
    );
    await expect(page.locator('app-doc-header .report-text b').count()).resolves.toBe(0);
    await expect(
      page.evaluate(() => document.activeElement?.getAttribute('aria-label')),
    ).resolves.toBe('Edit report');
    // Editing again starts from the text as typed, not its stored escaped form.
    await page.getByRole('button', { name: 'Edit report' }).click();
    await expect(input.inputValue()).resolves.toBe(
      'Checkout fails for card payments (R&D <b>gateway</b>)',
    );
    await input.fill('Checkout fails for card payments');
    await input.press('Enter');
    await input.waitFor({ state: 'detached' });
    expect((await app.core<IncidentDto>('GET', `/core/incidents/${incidentId}`)).report).toBe(
      'Checkout fails for card payments',
    );
  });

  it('7. adds, completes and deletes an action', async () => {
    const actions = section('Actions');
    await actions.getByRole('button', { name: 'Add action' }).click();
    await actions.getByLabel('What needs doing').fill('Alert on gateway pool saturation');
    await actions.getByLabel('Owner', { exact: true }).selectOption(ADMIN.username);
    await actions.getByLabel('Priority').selectOption('1');
    await actions.getByLabel('Type').selectOption('1');
    await actions.getByRole('button', { name: 'Add action' }).click();
    await actions.getByText('Alert on gateway pool saturation').waitFor();

    await actions.getByRole('button', { name: 'Add action' }).click();
    await actions.getByLabel('What needs doing').fill('Load-test checkout before each release');
    await actions.getByRole('button', { name: 'Add action' }).last().click();
    await actions.getByText('Load-test checkout before each release').waitFor();

    await actions.getByRole('checkbox', { name: /Alert on gateway pool saturation/ }).check();
    await page.waitForFunction(() =>
      document.querySelector('app-incident-actions')?.textContent?.includes('1 open of 2'),
    );
    // The ticked action moved below the open one; the keyboard is still on its checkbox.
    await page.waitForFunction(
      () => (document.activeElement as HTMLInputElement | null)?.type === 'checkbox',
    );
    const done = (
      await app.core<IncidentDto>('GET', `/core/incidents/${incidentId}`)
    ).action_items.find((a) => a.done);
    expect(done?.details).toBe('Alert on gateway pool saturation');
    expect(done?.done_date).toBeTruthy();
    // Open actions come first.
    const items = await actions.locator('.details').allTextContents();
    expect(items[0]).toContain('Load-test checkout');

    await actions
      .getByRole('button', { name: 'Delete action: Load-test checkout before each release' })
      .click();
    await page.waitForFunction(() => document.activeElement?.id.startsWith('confirm-delete-'));
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => !document.querySelector('app-incident-actions')?.textContent?.includes('Load-test'),
    );
    expect(
      (await app.core<IncidentDto>('GET', `/core/incidents/${incidentId}`)).action_items,
    ).toHaveLength(1);
  });

  it('8. adds a timeline entry at a chosen time, edits it and deletes it', async () => {
    const timeline = section('Timeline');
    await timeline.getByRole('button', { name: 'Add entry' }).click();
    await timeline.getByLabel('When').fill('2025-03-01T09:30');
    await timeline.getByLabel(/What happened/).fill('Paged the **payments** on-call');
    await timeline.getByRole('button', { name: 'Add entry' }).last().click();
    await timeline.getByText('Paged the').waitFor();
    await expect(timeline.textContent()).resolves.toContain('Saturday, 1 March 2025');
    const entry = timeline.locator('[data-timeline-entry]').filter({ hasText: 'Paged the' });
    await expect(entry.locator('strong').textContent()).resolves.toBe('payments');
    await expect(entry.locator('time').textContent()).resolves.toBe('09:30');
    await expect(entry.locator('.kind').textContent()).resolves.toBe('Note');
    // Automatic entries are labelled as updates.
    await expect(timeline.locator('.entry.update .kind').first().textContent()).resolves.toBe(
      'Update',
    );

    await entry.getByRole('button', { name: /^Edit entry/ }).click();
    await timeline.getByLabel(/What happened/).fill('Paged the payments and database on-call');
    await timeline.getByRole('button', { name: 'Save entry' }).click();
    await timeline.getByText('Paged the payments and database on-call').waitFor();

    const edited = timeline
      .locator('[data-timeline-entry]')
      .filter({ hasText: 'database on-call' });
    await edited.getByRole('button', { name: /^Delete entry/ }).click();
    await edited.getByRole('button', { name: 'Delete' }).click();
    await page.waitForFunction(
      () =>
        !document.querySelector('app-incident-timeline')?.textContent?.includes('database on-call'),
    );
    const left = await app.core<{ results: TimelineEntryDto[] }>(
      'GET',
      `/core/incidents/${incidentId}/timeline/events`,
    );
    expect(left.results.some((e) => e.text.includes('on-call'))).toBe(false);
  });

  it('refuses text over its limit before saving, and keeps the text', async () => {
    const timeline = section('Timeline');
    await timeline.getByRole('button', { name: 'Add entry' }).click();
    const tooLong = 'x'.repeat(10_001);
    await timeline.getByLabel(/What happened/).fill(tooLong);
    await timeline.getByRole('button', { name: 'Add entry' }).last().click();
    await timeline.getByRole('alert').waitFor();
    await expect(timeline.getByRole('alert').textContent()).resolves.toMatch(
      /Not saved: The text is 1 character over its limit of 10,000/,
    );
    await expect(timeline.getByLabel(/What happened/).inputValue()).resolves.toBe(tooLong);
    await timeline.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'add-entry');
  });

  it('keeps a draft through an expired session, and logs in again once', async () => {
    const summary = section('Summary');
    await summary.getByRole('button', { name: 'Edit summary' }).click();
    const draft =
      '## Root cause\nThe **payment gateway** pool was exhausted :fire:\n\nDraft written while the session ended.';
    await summary.getByRole('textbox', { name: 'Summary' }).fill(draft);
    await browser.context.clearCookies();
    await summary.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/login\?next=/);
    const next = new URL(page.url()).searchParams.get('next');
    expect(next).toBe(`/incident/${incidentId}`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${app.url}/incident/${incidentId}`);
    const editor = section('Summary').getByRole('textbox', { name: 'Summary' });
    await expect(editor.inputValue()).resolves.toBe(draft);
    await section('Summary').getByText('Unsaved draft restored.').waitFor();
    // Already logged in: the login page goes straight on.
    await page.goto(`${app.url}/login?next=${encodeURIComponent(`/incident/${incidentId}`)}`);
    await page.waitForURL(`${app.url}/incident/${incidentId}`);
    await section('Summary').getByRole('button', { name: 'Cancel' }).click();
    await section('Summary').getByRole('button', { name: 'Edit summary' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('response.drafts'))).toBe('{}');
  });

  it('9. closes the incident', async () => {
    await page.getByRole('button', { name: 'Close incident' }).click();
    await page.locator('dialog[open]').getByRole('button', { name: 'Close incident' }).click();
    await page.getByRole('button', { name: 'Reopen incident' }).waitFor();
    await page.waitForFunction(
      () => document.activeElement?.textContent?.trim() === 'Reopen incident',
    );
    await expect(page.locator('app-doc-header').textContent()).resolves.toContain('RESOLVED');
    const closed = await app.core<IncidentDto>('GET', `/core/incidents/${incidentId}`);
    expect(closed.is_closed).toBe(true);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, 'incident-doc.png'), fullPage: true });
    // Phone width: one column, nothing cut off.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(ARTIFACTS, 'incident-doc-phone.png'), fullPage: true });
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      widest: Math.max(
        ...Array.from(document.querySelectorAll('.card')).map(
          (c) => c.getBoundingClientRect().right,
        ),
      ),
      width: document.documentElement.clientWidth,
    }));
    expect(layout.overflow).toBeLessThanOrEqual(0);
    expect(layout.widest).toBeLessThanOrEqual(layout.width);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('10. downloads the post-incident report as Markdown', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download report (Markdown)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`incident-${incidentId}-report.md`);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toContain(`# Incident ${incidentId}: Checkout fails for card payments`);
    expect(text).toContain('- **Status:** Resolved');
    expect(text).toContain('- **Severity:** critical');
    expect(text).toMatch(/- \*\*Started:\*\* \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(text).toMatch(/- \*\*Ended:\*\* \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(text).toContain(`- **Lead:** @${ADMIN.username}`);
    expect(text).toContain('## Root cause\nThe **payment gateway** pool was exhausted 🔥');
    expect(text).toContain('About 8% of orders failed for 40 minutes.');
    expect(text).toMatch(
      /- \*\*\d{2}:\d{2} UTC\*\* _\(update\)_ Incident severity updated from major to critical/,
    );
    expect(text).toContain('- [x] Alert on gateway pool saturation — owner');
    // The same text is served for scripts.
    const res = await fetch(`${app.url}/core/incidents/${incidentId}/report.md`, {
      headers: {
        authorization: `Basic ${Buffer.from(`${ADMIN.username}:${ADMIN.password}`).toString('base64')}`,
      },
    });
    const strip = (s: string) => s.replace(/_Report generated .*_/, '');
    expect(strip(await res.text())).toBe(strip(text));
  });

  it('11. logs out, and the app asks to log in again', async () => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL(/\/login/);
    await page.goto(`${app.url}/incident/${incidentId}/`);
    await page.waitForURL(/\/login\?next=/);
    const me = await page.evaluate(() => fetch('/core/auth/me').then((r) => r.status));
    expect(me).toBe(401);
  });

  it('raised no errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
