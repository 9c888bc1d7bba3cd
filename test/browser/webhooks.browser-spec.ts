import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { WebhookReceiver } from '../fakes/webhook-receiver.js';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ADMIN, startBuiltServer, type RunningServer } from './support/server.js';

describe('the Webhooks admin page', () => {
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await receiver.start();
    app = await startBuiltServer({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } });
    browser = await launchChromium();
    page = await browser.context.newPage();
    await page.goto(`${app.url}/login`);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks', level: 1 }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
    await receiver.stop();
  });

  it('says why a URL is refused', async () => {
    await page.getByLabel('URL').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(
      /Not added: .*http:\/\/ or https:\/\//,
    );
  });

  it('adds an endpoint, shows its secret once, and lists what was sent', async () => {
    await page.getByLabel('URL').fill(`${receiver.url}/hook`);
    await page.getByLabel('timeline.created').uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.locator('.secret .value').textContent())!.trim();
    expect(secret).toMatch(/^whsec_/);
    const card = page.getByRole('listitem', { name: `${receiver.url}/hook` });
    await expect(card.textContent()).resolves.toMatch(/On ·.*incident\.declared/s);
    await expect(card.textContent()).resolves.not.toMatch(/timeline\.created/);

    const incident = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: 'Sent from the web page test',
    });
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByText(secret).waitFor({ state: 'detached' });

    // The receiver checks the signature with the secret the page showed.
    const deadline = Date.now() + 10_000;
    while (receiver.on('/hook').length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    const [request] = receiver.on('/hook');
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
    const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
    expect(request.headers['webhook-signature']).toBe(
      `v1,${createHmac('sha256', key).update(signed).digest('base64')}`,
    );

    await card.getByRole('button', { name: 'Deliveries' }).click();
    const row = page.locator('.deliveries tbody tr').first();
    await expect(row.textContent()).resolves.toMatch(
      new RegExp(`incident\\.declared\\s*${incident.id}\\s*succeeded\\s*200`),
    );
    await row.getByRole('button', { name: 'Resend' }).click();
    while (receiver.on('/hook').length < 2 && Date.now() < deadline + 10_000)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.on('/hook')[1].headers['webhook-id']).toBe(request.headers['webhook-id']);
  });

  it('turns an endpoint off and deletes it', async () => {
    const card = page.getByRole('listitem', { name: `${receiver.url}/hook` });
    await card.getByRole('button', { name: 'Turn off' }).click();
    await card.getByText('Turned off by an admin').waitFor();
    await card.getByRole('button', { name: 'Turn on' }).waitFor();
    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    await card.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByText('No endpoints yet.').waitFor();
  });
});
