import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ADMIN, startBuiltServer, type RunningServer } from './support/server.js';

/**
 * The incident doc shows what people typed: `< > & " '` in every field, in code
 * spans and blocks; the editor's preview is the saved view; remote images are
 * never fetched unless their host is in `IMAGE_HOSTS`.
 */

const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==', 'base64');

const REPORT = `Checkout 2>&1 "down" & 'slow' <eu>`;
const CODE_SPAN = `curl -H "a<b" 'x' 2>&1`;
const CODE_BLOCK = `if a < b && c > d: print("x", 'y')`;
const IMPACT = `EU & US: < 5% of "checkouts" > 1% 'retried'`;
const DETAILS = `Alert on a<b && c>d "p99" & 'p95'`;

/** An element's text without the line breaks around its blocks. */
async function text(locator: Locator): Promise<string | undefined> {
  return (await locator.textContent())?.trim();
}

async function logIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('Username').fill(ADMIN.username);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Incidents' }).waitFor();
}

describe('the web app shows what was typed', () => {
  let app: RunningServer;
  let images: Server;
  let imagePort: number;
  /** `host/path` of every request the image server received. */
  const fetched: string[] = [];
  let browser: Chromium;
  let page: Page;
  let incident: IncidentDto;

  const field = (label: string): Locator =>
    page.locator('app-markdown-field').filter({ has: page.getByRole('heading', { name: label }) });

  beforeAll(async () => {
    images = createServer((req, res) => {
      fetched.push(`${req.headers.host}${req.url}`);
      res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' });
      res.end(GIF);
    });
    await new Promise<void>((resolve) => images.listen(0, resolve));
    imagePort = (images.address() as AddressInfo).port;
    app = await startBuiltServer({ env: { IMAGE_HOSTS: `localhost:${imagePort}` } });
    incident = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: REPORT,
      summary: [
        `Ran \`${CODE_SPAN}\` & <b>saw</b> > 3 errors.`,
        '',
        '```',
        CODE_BLOCK,
        '```',
        '',
        `![tracker](http://127.0.0.1:${imagePort}/pixel.gif?reader=1)`,
        `![chart](http://localhost:${imagePort}/chart.gif)`,
      ].join('\n'),
      impact: IMPACT,
    });
    await app.core('POST', `/core/incidents/${incident.id}/actions`, { details: DETAILS });
    await app.core('POST', `/core/incidents/${incident.id}/timeline/events`, {
      timestamp: '2024-05-01T12:00:00Z',
      text: `Rolled back with \`${CODE_SPAN}\` & "v1" <ok>`,
    });
    // Without the server's content security policy: the app itself must not fetch the tracker.
    browser = await launchChromium({ bypassCSP: true });
    page = await browser.context.newPage();
    await logIn(page, app.url);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await new Promise((resolve) => images?.close(resolve));
  });

  it('shows report, summary, impact, actions and timeline as typed, code spans and blocks included', async () => {
    await page.goto(`${app.url}/incident/${incident.id}/`);
    const summary = field('Summary').locator('markdown');
    await summary.locator('pre code').waitFor();
    await expect(text(page.locator('app-doc-header .report-text'))).resolves.toBe(REPORT);
    await expect(summary.locator('p code').textContent()).resolves.toBe(CODE_SPAN);
    await expect(summary.locator('pre code').textContent()).resolves.toBe(`${CODE_BLOCK}\n`);
    await expect(text(summary.locator('p').first())).resolves.toBe(
      `Ran ${CODE_SPAN} & <b>saw</b> > 3 errors.`,
    );
    await expect(summary.locator('b').count()).resolves.toBe(0);
    await expect(text(field('Impact').locator('markdown'))).resolves.toBe(IMPACT);
    await expect(text(page.locator('app-incident-actions .details').first())).resolves.toBe(
      `Open:${DETAILS}`,
    );
    const entry = page.locator('app-incident-timeline [data-timeline-entry] markdown').first();
    await expect(entry.locator('code').textContent()).resolves.toBe(CODE_SPAN);
    await expect(text(entry)).resolves.toBe(`Rolled back with ${CODE_SPAN} & "v1" <ok>`);
  });

  it('never fetches a remote image: it is a link naming its host; IMAGE_HOSTS images load', async () => {
    const chart = field('Summary').locator('img[alt="chart"]');
    await chart.waitFor();
    await page.waitForFunction(
      () => (document.querySelector('img[alt="chart"]') as HTMLImageElement | null)?.naturalWidth,
    );
    const tracker = field('Summary').locator('a.image-link');
    await expect(tracker.textContent()).resolves.toBe(`Image: tracker (127.0.0.1:${imagePort})`);
    await expect(tracker.getAttribute('href')).resolves.toBe(
      `http://127.0.0.1:${imagePort}/pixel.gif?reader=1`,
    );
    await page.waitForLoadState('networkidle');
    expect(fetched).toEqual([`localhost:${imagePort}/chart.gif`]);
  });

  it('previews a draft exactly as the saved text shows, raw HTML included', async () => {
    const typed = `<img src=x onerror="window.__previewed=1"> \`2>&1\` **R&D** "q" 'a' &copy;`;
    await page.getByRole('button', { name: 'Edit impact' }).click();
    await page.getByRole('textbox', { name: 'Impact' }).fill(typed);
    const preview = page.locator('.preview markdown');
    await preview.locator('strong').waitFor();
    await expect(preview.locator('img').count()).resolves.toBe(0);
    await expect(text(preview)).resolves.toBe(
      `<img src=x onerror="window.__previewed=1"> 2>&1 R&D "q" 'a' &copy;`,
    );
    const previewed = await preview.innerHTML();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('textbox', { name: 'Impact' }).waitFor({ state: 'detached' });
    const saved = field('Impact').locator('markdown');
    await saved.locator('strong').waitFor();
    await expect(saved.innerHTML()).resolves.toBe(previewed);
    expect(await page.evaluate(() => (window as { __previewed?: unknown }).__previewed)).toBe(
      undefined,
    );
  });

  it('lets the content security policy load images from IMAGE_HOSTS only', async () => {
    const res = await fetch(`${app.url}/`);
    expect(res.headers.get('content-security-policy')).toContain(
      `img-src 'self' data: localhost:${imagePort};`,
    );
    const strict = await launchChromium();
    try {
      const page = await strict.context.newPage();
      await logIn(page, app.url);
      await page.goto(`${app.url}/incident/${incident.id}/`);
      await page.locator('img[alt="chart"]').waitFor();
      await page.waitForFunction(
        () => (document.querySelector('img[alt="chart"]') as HTMLImageElement | null)?.naturalWidth,
      );
    } finally {
      await strict.close();
    }
    expect(fetched.every((request) => request.startsWith(`localhost:${imagePort}/`))).toBe(true);
  });
});
