import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ADMIN, startBuiltServer, type RunningServer } from './support/server.js';

/** Each payload would set `window.__pwned` (or open a dialog) if it ever ran. */
const PAYLOADS = [
  `<script>window.__pwned='script'</script>`,
  `<img src=x onerror="window.__pwned='img'">`,
  `<img src=x onerror=alert('img')>`,
  `<svg onload="window.__pwned='svg'"><circle r=1></circle></svg>`,
  `<iframe src="javascript:window.__pwned='iframe'"></iframe>`,
  `<details open ontoggle="window.__pwned='details'">toggle</details>`,
  `<a href="javascript:window.__pwned='anchor'">raw anchor</a>`,
  `<a href="jAvAsCrIpT:window.__pwned='case'">mixed case anchor</a>`,
  `[markdown link](javascript:window.__pwned='link')`,
  `[entity link](javascript&#58;window.__pwned='entity')`,
  `[tab link](java\tscript:window.__pwned='tab')`,
  `[reference link][evil]\n\n[evil]: javascript:window.__pwned='reference'`,
  `![image](x" onerror="window.__pwned='attr-break')`,
  `![image](javascript:window.__pwned='image-src')`,
  `<javascript:window.__pwned='autolink'>`,
  `[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0nZGF0YSc8L3NjcmlwdD4=)`,
  `<form action="javascript:window.__pwned='form'"><button>submit</button></form>`,
  `<style>body{display:none}</style>`,
].join('\n\n');

/** What the rendered page must never contain. */
async function dangerousMarkup(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('app-root *'))) {
      for (const attr of Array.from(el.attributes)) {
        // eslint-disable-next-line no-control-regex
        const value = attr.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        if (attr.name.startsWith('on')) found.push(`${el.tagName} ${attr.name}`);
        if (
          ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attr.name) &&
          (value.startsWith('javascript:') ||
            value.startsWith('data:text/html') ||
            value.startsWith('vbscript:'))
        ) {
          found.push(`${el.tagName} ${attr.name}=${attr.value}`);
        }
      }
      if (
        ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'STYLE'].includes(el.tagName) &&
        el.closest('markdown')
      ) {
        found.push(el.tagName);
      }
    }
    return found;
  });
}

describe('stored XSS payloads never run in the web app', () => {
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  let incident: IncidentDto;
  const dialogs: string[] = [];

  beforeAll(async () => {
    app = await startBuiltServer();
    incident = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: `<img src=x onerror="window.__pwned='report'"> Payment outage`,
      summary: PAYLOADS,
      impact: PAYLOADS,
      severity: '2',
    });
    await app.core('POST', `/core/incidents/${incident.id}/timeline/events`, {
      timestamp: new Date().toISOString(),
      text: PAYLOADS,
    });
    await app.core('POST', `/core/incidents/${incident.id}/actions`, { details: PAYLOADS });
    // Without the server's content security policy: the app itself must be safe.
    browser = await launchChromium({ bypassCSP: true });
    page = await browser.context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('renders the list without running the report payload', async () => {
    await page.locator('app-incident-row').first().waitFor();
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await dangerousMarkup(page)).toEqual([]);
  });

  it('renders summary, impact, timeline and actions as inert markup', async () => {
    await page.goto(`${app.url}/incident/${incident.id}/`);
    await page.locator('app-incident-timeline [data-timeline-entry] markdown').first().waitFor();
    await page.locator('app-markdown-field markdown').nth(1).waitFor();
    // Give image errors, toggles and loads time to fire.
    await page.waitForTimeout(500);
    expect(await dangerousMarkup(page)).toEqual([]);
    // Follow every rendered link: none may run script.
    const links = page.locator('markdown a');
    for (let i = 0; i < (await links.count()); i++) {
      const href = (await links.nth(i).getAttribute('href')) ?? '';
      if (/^https?:/i.test(href)) continue;
      await links
        .nth(i)
        .click({ noWaitAfter: true, timeout: 2000 })
        .catch(() => undefined);
    }
    await page.waitForTimeout(300);
    if (!page.url().includes(`/incident/${incident.id}`))
      await page.goto(`${app.url}/incident/${incident.id}`);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // The payloads are still there for people to read, as text.
    await expect(page.locator('app-markdown-field').first().textContent()).resolves.toContain(
      "<script>window.__pwned='script'</script>",
    );
  });

  it('keeps the live preview inert while typing raw HTML and links', async () => {
    await page.getByRole('button', { name: 'Edit summary' }).click();
    const editor = page.getByRole('textbox', { name: 'Summary' });
    // Typed text reaches the preview unescaped: only the browser-side sanitizer stands between it and the page.
    await editor.fill(PAYLOADS);
    await page.locator('.preview markdown').waitFor();
    await page.waitForTimeout(500);
    expect(await dangerousMarkup(page)).toEqual([]);
    const previewLinks = await page
      .locator('.preview markdown a')
      .evaluateAll((els) => els.map((el) => el.getAttribute('href')));
    expect(previewLinks.length).toBeGreaterThan(0);
    for (const href of previewLinks)
      expect(href ?? '').not.toMatch(/^\s*(javascript|data|vbscript):/i);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});
