import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto } from '@response/contracts';
import { join } from 'node:path';
import pg from 'pg';
import type { Locator, Page } from 'playwright-core';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ADMIN, ARTIFACTS, startBuiltServer, type RunningServer } from './support/server.js';

/** The doc's facts panel shows every role besides the lead, and a responder gives and clears them. */
describe('roles in the facts panel', () => {
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  let incident: IncidentDto;
  const errors: string[] = [];

  const facts = (): Locator => page.locator('app-incident-facts');
  const timelineShows = (text: string) =>
    page.waitForFunction(
      (wanted) => document.querySelector('app-incident-timeline')?.textContent?.includes(wanted),
      text,
    );
  const holders = async () =>
    (await app.core<IncidentDto>('GET', `/core/incidents/${incident.id}`)).roles.map(
      (role) => role.user?.external_id ?? null,
    );

  beforeAll(async () => {
    app = await startBuiltServer();
    const db = new pg.Client({ connectionString: app.database.url });
    await db.connect();
    await db.query(
      `INSERT INTO external_user (app_id, external_id, display_name, full_name, deleted)
       VALUES ('slack', 'U0ALICE01', 'alice', 'Alice Able', false)`,
    );
    await db.end();
    incident = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: 'Checkout is slow',
    });
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

  it('lists every role after the lead, held by nobody yet', async () => {
    const names = (await facts().locator('dt').allTextContents()).map((t) => t.trim());
    expect(names.slice(0, 4)).toEqual(['Lead', 'Comms lead', 'Scribe', 'Reporter']);
    const comms = facts().getByLabel('Comms lead', { exact: true });
    await expect(comms.inputValue()).resolves.toBe('');
    expect((await comms.locator('option:checked').textContent())?.trim()).toBe('Nobody');
  });

  it('gives a role: nothing is saved until "Set", then the timeline says who', async () => {
    await facts().getByLabel('Filter Comms lead').fill('ali');
    await facts().getByLabel('Comms lead', { exact: true }).selectOption('U0ALICE01');
    expect(await holders()).toEqual([null, null]);
    await facts().getByRole('button', { name: 'Set Comms lead' }).click();
    await timelineShows('Comms lead: alice, by admin');
    await page.waitForFunction(() => document.activeElement?.id === 'role-comms');
    await expect(facts().getByRole('button', { name: 'Set Comms lead' }).count()).resolves.toBe(0);
    expect(await holders()).toEqual(['U0ALICE01', null]);

    // A web user (the admin's own) takes the scribe role by app_id and external_id.
    await facts().getByLabel('Scribe', { exact: true }).selectOption(ADMIN.username);
    await facts().getByRole('button', { name: 'Set Scribe' }).click();
    await timelineShows(`Scribe: ${ADMIN.username}, by admin`);
    const scribe = (await app.core<IncidentDto>('GET', `/core/incidents/${incident.id}`)).roles[1];
    expect(scribe.user).toMatchObject({ app_id: 'web', external_id: ADMIN.username });
    await facts().screenshot({ path: join(ARTIFACTS, 'incident-roles.png') });
  });

  it('clears a role, and Cancel puts the picker back', async () => {
    const comms = facts().getByLabel('Comms lead', { exact: true });
    await comms.selectOption('');
    await facts().getByRole('button', { name: 'Cancel' }).click();
    // The picker shows the holder again once the view has caught up.
    await page.waitForFunction(
      () =>
        (document.getElementById('role-comms') as HTMLSelectElement | null)?.value === 'U0ALICE01',
    );
    await expect(facts().getByRole('button', { name: 'Cancel' }).count()).resolves.toBe(0);
    await comms.selectOption('');
    await facts().getByRole('button', { name: 'Set Comms lead' }).click();
    await timelineShows('Comms lead: nobody (was alice), by admin');
    expect(await holders()).toEqual([null, ADMIN.username]);
    expect(errors).toEqual([]);
  });
});
