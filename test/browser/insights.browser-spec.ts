import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto, InsightsDto } from '@response/contracts';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import {
  monthLabel,
  SEVERITY_COLOURS,
  span,
} from '../../client/src/app/insights/insights-format.js';
import { ADMIN } from '../support/admin.js';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ARTIFACTS, startBuiltServer, type RunningServer } from './support/server.js';

/**
 * The middle of what a canvas draws in exactly the colour `hex` (in CSS pixels
 * from its top left), or null when it draws nothing in it.
 */
async function pixelOf(canvas: Locator, hex: string): Promise<{ x: number; y: number } | null> {
  const rgb = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return canvas.evaluate((element, [r, g, b]) => {
    const el = element as HTMLCanvasElement;
    const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
    const scale = el.getBoundingClientRect().width / el.width;
    let box: { left: number; right: number; top: number; bottom: number } | null = null;
    for (let y = 0; y < el.height; y++) {
      for (let x = 0; x < el.width; x++) {
        const i = (y * el.width + x) * 4;
        if (data[i] !== r || data[i + 1] !== g || data[i + 2] !== b || data[i + 3] !== 255)
          continue;
        box = box
          ? {
              left: Math.min(box.left, x),
              right: Math.max(box.right, x),
              top: Math.min(box.top, y),
              bottom: Math.max(box.bottom, y),
            }
          : { left: x, right: x, top: y, bottom: y };
      }
    }
    return box
      ? { x: ((box.left + box.right) / 2) * scale, y: ((box.top + box.bottom) / 2) * scale }
      : null;
  }, rgb);
}

/** The text of every cell of a table, row by row. */
function cells(table: Locator): Promise<string[][]> {
  return table.evaluate((element) =>
    [...element.querySelectorAll('tbody tr, tfoot tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim()),
    ),
  );
}

async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/insights`);
  await page.waitForURL(/\/login/);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Insights' }).waitFor();
}

describe('the insights page', () => {
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  let figures: InsightsDto;
  let month: string;

  beforeAll(async () => {
    app = await startBuiltServer();
    const declare = (report: string, severity: string | null) =>
      app.core<IncidentDto>('POST', '/core/incidents', { report, severity });
    const closeAfter = (incident: IncidentDto, seconds: number) =>
      app.core('PATCH', `/core/incidents/${incident.id}`, {
        end_time: new Date(Date.parse(incident.start_time) + seconds * 1000).toISOString(),
      });
    const a = await declare('Checkout down', '1');
    const b = await declare('Search slow', '2');
    const c = await declare('Emails late', '2');
    await declare('Logo blurry', null);
    await closeAfter(a, 3600);
    await closeAfter(b, 5400);
    await closeAfter(c, 9000);
    await app.core('POST', `/core/incidents/${a.id}/actions`, { details: 'Add an alert' });
    await app.core('POST', `/core/incidents/${b.id}/actions`, {
      details: 'Write the runbook',
      due_date: '2024-01-01T00:00:00Z',
    });
    figures = await app.core<InsightsDto>('GET', '/core/insights');
    month = figures.by_month.at(-1)!.month;
    browser = await launchChromium();
    page = await browser.context.newPage();
    await logIn(page, app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const section = (name: string) =>
    page.locator('section', { has: page.getByRole('heading', { name }) });

  it('draws every chart from the data', async () => {
    await page.locator('app-insights-chart canvas').nth(4).waitFor();
    await expect(page.locator('app-insights-chart canvas').count()).resolves.toBe(5);
    const months = section('Incidents per month, by severity').locator('canvas');
    for (const severity of ['1', '2', 'unset'] as const)
      expect(await pixelOf(months, SEVERITY_COLOURS[severity])).not.toBeNull();
    // No minor or trivial incident: no bar of their colour.
    expect(await pixelOf(months, SEVERITY_COLOURS['3'])).toBeNull();
    await expect(page.locator('.summary dd').first().textContent()).resolves.toBe('4');
    await page.screenshot({ path: join(ARTIFACTS, 'insights.png'), fullPage: true });
  });

  it('shows the same numbers as tables', async () => {
    const months = section('Incidents per month, by severity');
    await months.getByRole('button', { name: 'Show table' }).click();
    const rows = await cells(months.locator('table'));
    expect(rows).toHaveLength(12);
    expect(rows.at(-1)).toEqual([monthLabel(month), '1', '2', '0', '0', '1', '4', '0']);
    expect(rows.slice(0, -1).every((row) => row.slice(1).every((cell) => cell === '0'))).toBe(true);

    const duration = section('Duration');
    await duration.getByRole('button', { name: 'Show table' }).click();
    const last = figures.duration.by_month.at(-1)!;
    expect(last).toEqual({ month, count: 3, p50_seconds: 5400, p90_seconds: 8280 });
    expect((await cells(duration.locator('table'))).slice(-2)).toEqual([
      [monthLabel(month), '3', span(5400), span(8280)],
      ['All', '3', span(5400), span(8280)],
    ]);

    const owners = section('Open actions by owner');
    await owners.getByRole('button', { name: 'Show table' }).click();
    expect(await cells(owners.locator('table'))).toEqual([
      [figures.actions.by_owner[0].user!.display_name, '2', '1'],
    ]);

    const people = section('Top participants');
    await people.getByRole('button', { name: 'Show table' }).click();
    expect(await cells(people.locator('table'))).toEqual([
      [figures.participants[0].user.display_name, '4'],
    ]);
    await months.getByRole('button', { name: 'Show chart' }).click();
    await months.locator('canvas').waitFor();
  });

  it('opens the incident list for the month and severity of a clicked bar', async () => {
    const canvas = section('Incidents per month, by severity').locator('canvas');
    const at = await pixelOf(canvas, SEVERITY_COLOURS['2']);
    expect(at).not.toBeNull();
    await canvas.click({ position: at! });
    await page.waitForURL((url) => url.pathname === '/' && url.search.includes('severity=2'));
    expect(new URL(page.url()).searchParams.get('month')).toBe(month);
    await page.getByText('2 incidents').waitFor();
    await expect(page.locator('app-incident-row').count()).resolves.toBe(2);
    await expect(page.locator('#f-severity').inputValue()).resolves.toBe('2');
    await expect(page.locator('#f-month').inputValue()).resolves.toBe(month);
  });

  it('keeps range and severity in the URL', async () => {
    await page.goto(`${app.url}/insights?severity=2,unset`);
    await page.getByRole('heading', { name: 'Insights' }).waitFor();
    await expect(page.getByRole('checkbox', { name: /Major/ }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('checkbox', { name: /Critical/ }).isChecked()).resolves.toBe(false);
    await page.locator('.summary dd', { hasText: /^3$/ }).first().waitFor();
    await page.getByRole('checkbox', { name: /Critical/ }).check();
    await page.waitForURL(/severity=1,2,unset/);
    await page.locator('.summary dd', { hasText: /^4$/ }).first().waitFor();
    await page.locator('#i-from').fill('2020-01-01');
    await page.waitForURL(/from=2020-01-01/);
  });

  it('works at 375 px: nothing overflows, the header links to it', async () => {
    const phone = await launchChromium({ width: 375, height: 800, isMobile: true });
    try {
      const small = await phone.context.newPage();
      await logIn(small, app.url);
      await small.locator('app-insights-chart canvas').nth(4).waitFor();
      const widths = await small.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        canvases: [...document.querySelectorAll('canvas')].map(
          (c) => c.getBoundingClientRect().right,
        ),
      }));
      expect(widths.page).toBeLessThanOrEqual(375);
      expect(Math.max(...widths.canvases)).toBeLessThanOrEqual(375);
      await expect(small.getByRole('link', { name: 'Insights' }).isVisible()).resolves.toBe(true);
      // Nothing in the header hides another or leaves the screen.
      const boxes = await small.locator('header.bar a, header.bar button').evaluateAll((elements) =>
        elements
          .filter((e) => e.getBoundingClientRect().width > 0)
          .map((e) => {
            const r = e.getBoundingClientRect();
            return { text: (e.textContent ?? '').trim(), left: r.left, right: r.right };
          }),
      );
      for (const [i, box] of boxes.entries()) {
        expect(box.right).toBeLessThanOrEqual(375);
        if (i > 0) expect(box.left).toBeGreaterThanOrEqual(boxes[i - 1].right);
      }
      await small.screenshot({ path: join(ARTIFACTS, 'insights-375.png'), fullPage: true });
    } finally {
      await phone.close();
    }
  });
});
