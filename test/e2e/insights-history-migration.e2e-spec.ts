import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { IncidentDto, InsightsDto, Paginated, TimelineEntryDto } from '@response/contracts';
import { IncidentHistory1795900500000 } from '../../libs/response/src/database/migrations/1795900500000-IncidentHistory.js';
import { dataSource, seedSlackUsers } from '../factories/core.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';

/**
 * Upgrading: the migration fills `incident_history` from the change log, and
 * marks what private incidents (never in the change log) already had as set
 * at an unknown time, which insights leave out and later saves keep.
 */
describe('the incident history migration', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;
  const ids = { public: 0, privateSet: 0, privateBare: 0 };
  let severityAt: { first: string; raised: string };
  let reportTime: string;

  interface Row {
    incident_id: number;
    lead_set_at: string | null;
    severity_set_at: string | null;
    severity: string | null;
    severity_raised_at: string | null;
  }
  const history = async (): Promise<Record<number, Row>> => {
    const rows: Row[] = await dataSource(t).query(
      `SELECT incident_id, lead_set_at::text, severity_set_at::text, severity, severity_raised_at::text
         FROM incident_history ORDER BY incident_id`,
    );
    return Object.fromEntries(rows.map((r) => [r.incident_id, r]));
  };
  const pgTime = async (iso: string): Promise<string> =>
    ((await dataSource(t).query(`SELECT $1::timestamptz::text AS t`, [iso])) as { t: string }[])[0]
      .t;

  beforeAll(async () => {
    t = await startTestApp();
    api = coreApi(t);
    await seedSlackUsers(t, [{ external_id: 'U_lead' }, { external_id: 'U_other' }]);
    const declare = async (body: object) =>
      (await api.post('/core/incidents', { report: 'Upgrade check', ...body }).expect(201))
        .body as IncidentDto;
    const pub = await declare({ lead: { external_id: 'U_lead' } });
    ids.public = pub.id;
    reportTime = pub.report_time;
    await api.patch(`/core/incidents/${pub.id}`, { severity: '3' }).expect(200);
    await api.patch(`/core/incidents/${pub.id}`, { severity: '2' }).expect(200);
    const entries = (
      (await api.get(`/core/incidents/${pub.id}/timeline/events`).expect(200))
        .body as Paginated<TimelineEntryDto>
    ).results
      .filter((e) => e.event_type === 'incident_update')
      .map((e) => e.timestamp)
      .sort();
    severityAt = { first: entries[0], raised: entries[1] };
    ids.privateSet = (
      await declare({ private: true, severity: '4', lead: { external_id: 'U_lead' } })
    ).id;
    ids.privateBare = (await declare({ private: true })).id;

    // As before the migration: no incident_history, no index on start_time.
    await dataSource(t).query('DROP INDEX ix_incident_start_time');
    await dataSource(t).query('DROP TABLE incident_history');
    const runner = dataSource(t).createQueryRunner();
    try {
      await new IncidentHistory1795900500000().up(runner);
    } finally {
      await runner.release();
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('fills the history of logged incidents from the change log', async () => {
    expect((await history())[ids.public]).toEqual({
      incident_id: ids.public,
      lead_set_at: await pgTime(reportTime),
      severity_set_at: await pgTime(severityAt.first),
      severity: '2',
      severity_raised_at: await pgTime(severityAt.raised),
    });
  });

  it('marks what a private incident already had as set at an unknown time, kept by later saves', async () => {
    const rows = await history();
    expect(rows[ids.privateSet]).toEqual({
      incident_id: ids.privateSet,
      lead_set_at: '-infinity',
      severity_set_at: '-infinity',
      severity: '4',
      severity_raised_at: null,
    });
    expect(rows[ids.privateBare]).toMatchObject({ lead_set_at: null, severity_set_at: null });

    await api
      .patch(`/core/incidents/${ids.privateSet}`, {
        lead: { external_id: 'U_other' },
        severity: '1',
      })
      .expect(200);
    const lead = (
      await api
        .patch(`/core/incidents/${ids.privateBare}`, { lead: { external_id: 'U_lead' } })
        .expect(200)
    ).body as IncidentDto;
    const after = await history();
    expect(after[ids.privateSet]).toMatchObject({
      lead_set_at: '-infinity',
      severity_set_at: '-infinity',
      severity: '1',
    });
    expect(after[ids.privateSet].severity_raised_at).not.toBeNull();
    expect(after[ids.privateBare].lead_set_at).not.toBeNull();
    expect(lead.lead?.external_id).toBe('U_lead');

    // Insights count the times they know: the public incident's lead and severity, the
    // bare private incident's lead; not the unknown ones.
    const month = new Date().toISOString().slice(0, 10);
    const insights = (await api.get(`/core/insights?from=${month}&to=${month}`).expect(200))
      .body as InsightsDto;
    expect(insights.time_to_lead.overall.count).toBe(2);
    expect(insights.time_to_severity.overall.count).toBe(1);
    expect(insights.severity_changes[0].count).toBe(2);
  });
});
