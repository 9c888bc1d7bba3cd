import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type {
  ChangeLogEntryDto,
  IncidentDto,
  Paginated,
  TimelineEntryDto,
} from '@response/contracts';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { REPO_ROOT } from '../support/processes.js';

/**
 * `npm run import:response` against a database shaped by Response's own
 * migrations (test/fixtures/response-db): the built command line is run as
 * its own process, then the app serves what was imported.
 */

const FIXTURES = resolve(REPO_ROOT, 'test/fixtures/response-db');
const CLI = resolve(REPO_ROOT, 'libs/response/dist/importer/response-import.cli.js');
/** What Response's API answered for some of the fixture's incidents. */
const RESPONSE_ANSWERS = JSON.parse(
  readFileSync(resolve(FIXTURES, 'api-incidents.json'), 'utf8'),
) as Record<string, Record<string, unknown>>;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Response's answer as this API gives the same stored data, with the three
 * differences the README names: times to the millisecond, a missing full name
 * as "", and an action without a created date (Response before 0015) dated at
 * its incident's report time.
 */
function asServedHere(answer: Record<string, unknown>): Record<string, unknown> {
  const reportTime = String(answer.report_time);
  const walk = (value: unknown, key = ''): unknown => {
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    if (key === 'full_name' && value === null) return '';
    if (key === 'created_date' && value === null) return walk(reportTime);
    return typeof value === 'string' && ISO.test(value) ? new Date(value).toISOString() : value;
  };
  return walk(answer) as Record<string, unknown>;
}

/** `actual` cut down to the keys `expected` has, at every depth (arrays element by element). */
function sameShape(expected: unknown, actual: unknown): unknown {
  if (Array.isArray(expected) && Array.isArray(actual))
    return actual.map((item, i) => sameShape(expected[i] ?? expected[0], item));
  if (expected && actual && typeof expected === 'object' && typeof actual === 'object')
    return Object.fromEntries(
      Object.keys(expected).map((key) => [
        key,
        sameShape(
          (expected as Record<string, unknown>)[key],
          (actual as Record<string, unknown>)[key],
        ),
      ]),
    );
  return actual;
}

describe('npm run import:response', () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let t: TestApp | undefined;

  const run = (...args: string[]) =>
    new Promise<Run>((done) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          cwd: REPO_ROOT,
          env: {
            PATH: process.env.PATH,
            DATABASE_URL: target.url,
            SLACK_BOT_TOKEN: 'xoxb-import-test',
            SLACK_SIGNING_SECRET: 'import-test-secret',
            INCIDENT_CHANNEL_ID: 'C0INCIDENTS',
          },
        },
        (error, stdout, stderr) =>
          done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  const query = async <T>(sql: string): Promise<T[]> => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  };

  const counts = () =>
    query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM incident) AS incidents, (SELECT count(*) FROM action) AS actions,
              (SELECT count(*) FROM timeline_event) AS timeline, (SELECT count(*) FROM external_user) AS users,
              (SELECT count(*) FROM event) AS events, (SELECT count(*) FROM headline_post) AS headlines`,
    ).then((rows) => rows[0]);

  beforeAll(async () => {
    source = await createTestDatabase({ prefix: 'response_django_' });
    const client = new pg.Client({ connectionString: source.url });
    await client.connect();
    for (const file of ['schema.sql', 'rows.sql'])
      await client.query(readFileSync(resolve(FIXTURES, file), 'utf8'));
    await client.end();
    target = await createTestDatabase();
  });

  afterAll(async () => {
    await t?.close();
    await target?.drop();
    await source?.drop();
  });

  it('refuses a missing or odd --from, and a database that is not Response’s', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--from must be a postgres:\/\/ URL/);
    const other = await run('--from', target.url);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/names the database this Response uses/);
    const empty = await createTestDatabase();
    try {
      const wrong = await run('--from', empty.url);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toMatch(/no response_incident table: it is not a Response database/);
      expect(wrong.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await empty.drop();
    }
  });

  it('--dry-run says what it would do and writes nothing', async () => {
    const dry = await run('--from', source.url, '--dry-run');
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^Dry run: nothing was written/);
    expect(dry.stdout).toMatch(/response_incident\s+6\s+6\s+0\s+0/);
    expect(await counts()).toMatchObject({ incidents: '0', actions: '0', users: '0' });
  });

  it('imports every table, keeping ids, and reports each skipped row with its reason', async () => {
    const first = await run('--from', source.url);
    expect(first.code).toBe(0);
    const out = first.stdout;
    expect(out).toMatch(/^Imported postgres:\/\//);
    expect(out).toMatch(/Response schema: 0017_externaluser_deleted/);
    for (const [table, read, imported, skipped] of [
      ['response_externaluser', 6, 5, 1],
      ['response_incident', 6, 6, 0],
      ['response_commschannel', 2, 2, 0],
      ['response_action', 4, 4, 0],
      ['response_timelineevent', 5, 5, 0],
      ['response_pinnedmessage', 2, 2, 0],
      ['response_headlinepost', 4, 3, 1],
      ['response_userstats', 3, 2, 1],
      ['response_notification', 2, 2, 0],
      ['response_event', 4, 2, 2],
    ] as const)
      expect(out).toMatch(new RegExp(`${table}\\s+${read}\\s+${imported}\\s+0\\s+${skipped}\\n`));
    expect(out).toContain('Skipped 5 rows:');
    expect(out).toContain('response_externaluser 5: duplicate of user 1 (slack U01ALICE)');
    expect(out).toContain('response_headlinepost 3: its incident already has a headline post');
    expect(out).toContain('response_event 3: its payload is not a JSON object');
    expect(out).toContain('response_event 4: event type "statuspage_event" is none of');
    expect(out).toContain('response_incident 5: severity "7" is not one of 1, 2, 3, 4');
    expect(out).toContain('response_timelineevent 4: its metadata is not a JSON object');
    expect(out).toMatch(/New rows continue at:\n {2}external_user 7, incident 8, /);
    // Every timestamp kept to the microsecond.
    const [kept] = await query<{ t: string }>(
      `SELECT report_time::text AS t FROM incident WHERE id = 1`,
    );
    expect(kept.t).toBe('2019-10-01 09:12:03.123456+00');
  });

  describe('then the app serves it', () => {
    let api: ReturnType<typeof coreApi>;

    beforeAll(async () => {
      t = await startTestApp({ database: target, redis: false });
      api = coreApi(t);
    });

    it.each(Object.keys(RESPONSE_ANSWERS))(
      'GET /core/incidents/%s answers what Response answered',
      async (id) => {
        const ours = (await api.get(`/core/incidents/${id}`).expect(200)).body as IncidentDto;
        const expected = asServedHere(RESPONSE_ANSWERS[id]);
        // Only what Response answered: fields this API adds (versions, roles, …) are compared elsewhere.
        expect(sameShape(expected, ours)).toEqual(expected);
      },
    );

    it('adds what Response derived: status, severity text, duration, private', async () => {
      const closed = (await api.get('/core/incidents/1').expect(200)).body as IncidentDto;
      expect(closed).toMatchObject({
        status: 'resolved',
        severity_text: 'major',
        private: false,
        duration: 2 * 3600 + 35 * 60,
      });
      const secret = (await api.get('/core/incidents/3').expect(200)).body as IncidentDto;
      expect(secret).toMatchObject({
        private: true,
        status: 'resolved',
        comms_channel: { channel_id: 'G0PRIV01' },
      });
      const odd = (await api.get('/core/incidents/5').expect(200)).body as IncidentDto;
      expect(odd).toMatchObject({ severity: null, report: 'Queue backlog in &lt;billing&gt;' });
      expect(odd.action_items[0]).toMatchObject({ priority: null, type: '2' });
      await api.get('/core/incidents/6').expect(404);
    });

    it('shows the timeline with its metadata, in time order', async () => {
      const page = (await api.get('/core/incidents/1/timeline/events').expect(200))
        .body as Paginated<TimelineEntryDto>;
      expect(page.results.map((e) => [e.id, e.event_type, e.text])).toEqual([
        [1, 'incident_update', 'Severity changed from unset to major'],
        [2, 'slack_pin', 'Rolling back to v2.3.1 &amp; draining the queue'],
        [3, 'text', 'Acquirer confirmed the fix :tada:'],
      ]);
      expect(page.results[0].metadata).toEqual({
        update_type: 'severity',
        old_value: null,
        new_value: { id: '2', text: 'major' },
      });
      expect(page.results[2].text_ui).toBe('Acquirer confirmed the fix 🎉');
      const other = (await api.get('/core/incidents/2/timeline/events').expect(200))
        .body as Paginated<TimelineEntryDto>;
      expect(other.results[0]).toMatchObject({
        id: 4,
        metadata: null,
        text_ui: 'Asked @bob to look',
      });
    });

    it('keeps the change log, and participants', async () => {
      const events = (await api.get('/core/events?from=2019-01-01').expect(200))
        .body as Paginated<ChangeLogEntryDto>;
      expect(events.results.map((e) => [e.id, e.event_type])).toEqual(
        expect.arrayContaining([
          [1, 'incident_event'],
          [2, 'action_event'],
        ]),
      );
      const participants = (await api.get('/core/incidents/1/participants').expect(200)).body;
      expect(JSON.stringify(participants)).toContain('U01ALICE');
    });

    it('continues ids after the highest imported one', async () => {
      const created = (
        await api.post('/core/incidents', { report: 'After the import' }).expect(201)
      ).body as IncidentDto;
      expect(created.id).toBe(8);
      const action = await api
        .post('/core/incidents/8/actions', { details: 'First action here' })
        .expect(201);
      expect(action.body.id).toBe(5);
    });

    it('a second run changes nothing', async () => {
      const before = await counts();
      const again = await run('--from', source.url);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/response_incident\s+6\s+0\s+6\s+0\n/);
      expect(again.stdout).toMatch(/response_action\s+4\s+0\s+4\s+0\n/);
      expect(again.stdout).not.toMatch(/^response_\w+\s+\d+\s+[1-9]/m);
      expect(await counts()).toEqual(before);
      const still = (await api.get('/core/incidents/8').expect(200)).body as IncidentDto;
      expect(still.report).toBe('After the import');
    });
  });
});
