import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto, TimelineEntryDto } from '@response/contracts';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { launchChromium, type Chromium } from './support/chromium.js';
import { ADMIN, startBuiltServer, type RunningServer } from './support/server.js';

/** One kept message, as the record stores it. */
interface Seed {
  ts: string;
  text: string;
  user?: string;
  thread?: string;
  versions?: { text: string; at: string }[];
  edited?: string;
  deleted?: boolean;
  files?: { name: string; type: string; size: number; permalink: string }[];
}

const DAY1 = Date.parse('2026-03-02T09:00:00Z') / 1000;
const DAY2 = Date.parse('2026-03-03T09:00:00Z') / 1000;
const ts = (seconds: number) => `${seconds}.000100`;

const SEEDS: Seed[] = [
  { ts: ts(DAY1), text: 'Checkout is failing for &lt;some&gt; users', user: 'U0RITA' },
  { ts: ts(DAY1 + 60), text: 'Looking at the deploy log now', user: 'U0LEE' },
  { ts: ts(DAY1 + 90), text: 'It was the 14:00 deploy', user: 'U0RITA', thread: ts(DAY1 + 60) },
  { ts: ts(DAY1 + 95), text: 'Agreed, reverting', user: 'U0LEE', thread: ts(DAY1 + 60) },
  {
    ts: ts(DAY1 + 120),
    text: 'Starting the Rollback of payments-api',
    user: 'U0LEE',
    versions: [{ text: 'Starting the rollbak', at: new Date((DAY1 + 120) * 1000).toISOString() }],
    edited: new Date((DAY1 + 150) * 1000).toISOString(),
  },
  { ts: ts(DAY1 + 180), text: '', user: 'U0RITA', deleted: true },
  {
    ts: ts(DAY2),
    text: 'Error graph after the rollback',
    user: 'U0RITA',
    files: [
      {
        name: 'errors.png',
        type: 'image/png',
        size: 20480,
        permalink: 'https://acme.slack.test/files/U0RITA/F1/errors.png',
      },
    ],
  },
];

describe('the Channel tab', () => {
  let app: RunningServer;
  let browser: Chromium;
  let page: Page;
  let incident: IncidentDto;
  const errors: string[] = [];

  beforeAll(async () => {
    app = await startBuiltServer();
    incident = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: 'Checkout errors after deploy',
    });
    const client = new pg.Client({ connectionString: app.database.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO external_user (app_id, external_id, display_name, full_name, deleted)
         VALUES ('slack', 'U0RITA', 'rita', 'Rita Reporter', false),
                ('slack', 'U0LEE', 'lee', 'Lee Lead', false)`,
      );
      for (const seed of SEEDS)
        await client.query(
          `INSERT INTO channel_message
             (incident_id, channel_id, ts, thread_ts, author_slack_id, text, files, versions,
              posted_at, edited_at, deleted, seen)
           VALUES ($1, 'C0INC', $2, $3, $4, $5, $6::jsonb, $7::jsonb, to_timestamp($8), $9, $10, true)`,
          [
            incident.id,
            seed.ts,
            seed.thread ?? null,
            seed.user ?? null,
            seed.text,
            JSON.stringify(seed.files ?? []),
            JSON.stringify(seed.versions ?? []),
            Number(seed.ts),
            seed.edited ?? null,
            seed.deleted ?? false,
          ],
        );
    } finally {
      await client.end();
    }
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.url}/incident/${incident.id}/channel`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/channel$/);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const message = (seconds: number) => page.locator(`[data-message][data-ts="${ts(seconds)}"]`);

  it('shows the conversation by day, decoded, with authors, files and threads folded', async () => {
    await page.getByText('7 messages').waitFor();
    await expect(page.locator('h2.day').count()).resolves.toBe(2);
    const first = message(DAY1);
    await expect(first.locator('.author').textContent()).resolves.toBe('rita');
    await expect(first.locator('.text').textContent()).resolves.toContain(
      'Checkout is failing for <some> users',
    );
    // The thread's replies are folded under their parent until asked for.
    await expect(page.getByText('It was the 14:00 deploy').count()).resolves.toBe(0);
    await message(DAY1 + 60)
      .getByRole('button', { name: 'Show 2 replies' })
      .click();
    await page.getByText('It was the 14:00 deploy').waitFor();
    await expect(
      message(DAY1 + 60)
        .locator('.replies [data-message]')
        .count(),
    ).resolves.toBe(2);
    const file = message(DAY2).getByRole('link', { name: '📎 errors.png' });
    await expect(file.getAttribute('href')).resolves.toBe(
      'https://acme.slack.test/files/U0RITA/F1/errors.png',
    );
    await expect(file.getAttribute('rel')).resolves.toContain('noopener');
  });

  it('marks edits, with the previous text on demand, and deletions', async () => {
    const edited = message(DAY1 + 120);
    await expect(edited.getByText('Starting the rollbak').count()).resolves.toBe(0);
    await edited.getByRole('button', { name: 'edited' }).click();
    await edited.getByText('Starting the rollbak').waitFor();
    await expect(
      message(DAY1 + 180)
        .locator('.deleted-note')
        .textContent(),
    ).resolves.toContain('This message was deleted.');
    await expect(
      message(DAY1 + 180)
        .getByRole('button', { name: 'Add to timeline' })
        .count(),
    ).resolves.toBe(0);
  });

  it('searches case-insensitively and highlights the matches', async () => {
    await page.getByLabel('Search the conversation').fill('ROLLBACK');
    await page.getByText('2 messages matching “ROLLBACK”').waitFor();
    const marks = await page.locator('mark').allTextContents();
    expect(marks).toEqual(['Rollback', 'rollback']);
    await page.getByLabel('Search the conversation').press('Escape');
    await page.getByText('7 messages').waitFor();
  });

  it('adds a message to the timeline, once, and the doc shows it', async () => {
    // Its own controls, not those of its replies.
    const target = message(DAY1 + 60).locator(':scope > .meta');
    await target.getByRole('button', { name: 'Add to timeline' }).click();
    await target.getByText('On the timeline').waitFor();
    const timeline = await app.core<{ results: TimelineEntryDto[] }>(
      'GET',
      `/core/incidents/${incident.id}/timeline/events`,
    );
    const added = timeline.results.filter((e) => e.event_type === 'slack_message');
    expect(added.map((e) => [e.text, e.timestamp])).toEqual([
      ['Looking at the deploy log now', new Date((DAY1 + 60) * 1000).toISOString()],
    ]);
    await page.getByRole('link', { name: 'Doc', exact: true }).click();
    await page.waitForURL(new RegExp(`/incident/${incident.id}$`));
    await page
      .locator('app-incident-timeline')
      .getByText('Looking at the deploy log now')
      .waitFor();
  });

  it('shows a long conversation as it arrives, renders what comes near the screen, and reaches the end', async () => {
    const long = await app.core<IncidentDto>('POST', '/core/incidents', {
      report: 'A long night',
    });
    const count = 2500;
    const client = new pg.Client({ connectionString: app.database.url });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO channel_message (incident_id, channel_id, ts, author_slack_id, text, posted_at, seen)
         SELECT $1, 'C0LONG', (${DAY1} + k * 60)::text || '.000100', 'U0LEE',
                CASE WHEN k = $2 - 1 THEN 'The very last word: resolved' ELSE 'Update number ' || k END,
                to_timestamp(${DAY1} + k * 60), true
           FROM generate_series(0, $2 - 1) AS k`,
        [long.id, count],
      );
    } finally {
      await client.end();
    }
    const lastTs = `${DAY1 + (count - 1) * 60}.000100`;
    await page.goto(`${app.url}/incident/${long.id}/channel`);
    await page.getByText(`${count} messages`).waitFor();
    await page.locator('[data-message]').first().waitFor();
    // Every message arrives, but those far below are not rendered until they come near (the
    // last ones are, for End).
    await page
      .locator('[aria-hidden="true"]', { hasText: 'loading' })
      .waitFor({ state: 'detached' });
    const middleTs = `${DAY1 + (count / 2) * 60}.000100`;
    await expect(page.locator(`[data-message][data-ts="${middleTs}"]`).count()).resolves.toBe(0);
    expect(await page.locator('[data-message]').count()).toBeLessThan(count / 4);

    await page.keyboard.press('End');
    const last = page.locator(`[data-message][data-ts="${lastTs}"]`);
    await last.waitFor();
    // Blocks that render as they come near may still move the end once: End again reaches it.
    const inView = () =>
      page.evaluate((ts) => {
        const box = document.querySelector(`[data-ts="${ts}"]`)?.getBoundingClientRect();
        return box !== undefined && box.bottom <= window.innerHeight && box.top >= 0;
      }, lastTs);
    for (let press = 0; press < 5 && !(await inView()); press++) {
      await page.waitForTimeout(300);
      if (!(await inView())) await page.keyboard.press('End');
    }
    expect(await inView()).toBe(true);

    // The search covers every page.
    await page.getByLabel('Search the conversation').fill('very last');
    await page.getByText('1 message matching “very last”').waitFor();
    await expect(page.locator('mark').allTextContents()).resolves.toEqual(['very last']);
    expect(errors).toEqual([]);
  });

  it('fits a phone: no horizontal scroll at 375 px', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${app.url}/incident/${incident.id}/channel`);
    await page.getByText('7 messages').waitFor();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
