import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  insightIncidentSchema,
  insightsDtoSchema,
  type ActionDto,
  type IncidentDto,
  type InsightIncidentDto,
  type InsightsDto,
  type InsightSpanDto,
  type Paginated,
  type TimelineEntryDto,
} from '@response/contracts';
import { z } from 'zod';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { dataSource, seedSlackUsers } from '../factories/core.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { coreApi } from '../support/core-api.js';

/**
 * `/core/insights` over incidents whose start and end times are set through
 * `/core`, in a time zone where months do not start at midnight UTC. Report
 * times, and the times when leads and severities were set, are the server's
 * own clock: they are read back through `/core` (the incident, its timeline)
 * and every figure is checked exactly against an independent computation in
 * this file (Postgres `percentile_cont`, then rounding as Postgres rounds).
 */

const TZ = 'America/New_York';
const RANGE = 'from=2025-01-01&to=2025-05-31';
const MONTHS = ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05'];
const PASSWORD = 'insights-password-1';
const PEOPLE = ['alice', 'bob', 'carol', 'dave', 'erin', 'eve'] as const;
type Person = (typeof PEOPLE)[number];

/** What the test knows of an incident, to compute the figures on its own. */
interface Known {
  name: string;
  id: number;
  private: boolean;
  month: string | null;
  severity: string | null;
  start: number;
  report: number;
  end: number | null;
  /** When a lead / a severity was first set (ms), from the timeline or the declaration. */
  leadAt: number | null;
  severityAt: number | null;
  raised: boolean;
  /** Database ids of the people taking part. */
  people: Set<number>;
  actions: ActionDto[];
}

/** Postgres `percentile_cont(p)`: linear interpolation between the nearest ranks. */
function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - lo);
}

/** `round(x::numeric, 3)`: the float as 15 significant digits, then half away from zero. */
function pgRound3(x: number | null): number | null {
  if (x === null) return null;
  const text = x.toPrecision(15);
  if (text.includes('e')) return Math.abs(x) < 1 ? 0 : Number(text);
  const [whole, fraction = ''] = text.split('.');
  const digits = fraction.padEnd(4, '0');
  let scaled = BigInt(whole + digits.slice(0, 3));
  if (digits[3] >= '5') scaled += 1n;
  return Number(scaled) / 1000;
}

const seconds = (ms: number) => ms / 1000;

function span(rows: Known[], value: (k: Known) => number | null): InsightSpanDto {
  const stats = (list: Known[]) => {
    const values = list.map(value).filter((v): v is number => v !== null);
    return {
      count: values.length,
      p50_seconds: pgRound3(percentileCont(values, 0.5)),
      p90_seconds: pgRound3(percentileCont(values, 0.9)),
    };
  };
  return {
    by_month: MONTHS.map((month) => ({ month, ...stats(rows.filter((r) => r.month === month)) })),
    overall: stats(rows),
  };
}

describe('GET /core/insights', () => {
  let t: TestApp;
  let api: ReturnType<typeof coreApi>;
  const ids = {} as Record<Person, number>;
  const known: Known[] = [];

  const as = (who: Person | 'admin', path: string) =>
    who === 'admin' ? api.get(path) : t.http().get(path).auth(who, PASSWORD);

  /** Declares an incident through /core and records what the test knows of it. */
  async function declare(
    name: string,
    start: string,
    extra: { severity?: string; lead?: Person; reporter?: Person; private?: boolean },
  ): Promise<Known> {
    const incident = (
      await api
        .post('/core/incidents', {
          report: `${name}: checkout fails`,
          start_time: start,
          severity: extra.severity ?? null,
          lead: extra.lead ? { external_id: `U_${extra.lead}` } : null,
          reporter: { external_id: `U_${extra.reporter ?? 'bob'}` },
          private: extra.private ?? false,
        })
        .expect(201)
    ).body as IncidentDto;
    const report = Date.parse(incident.report_time);
    const k: Known = {
      name,
      id: incident.id,
      private: incident.private,
      month: null,
      severity: incident.severity,
      start: Date.parse(incident.start_time),
      report,
      end: null,
      leadAt: extra.lead ? report : null,
      severityAt: extra.severity ? report : null,
      raised: false,
      people: new Set([ids[extra.reporter ?? 'bob'], ...(extra.lead ? [ids[extra.lead]] : [])]),
      actions: [],
    };
    known.push(k);
    return k;
  }

  async function patch(k: Known, body: Record<string, unknown>): Promise<void> {
    const incident = (await api.patch(`/core/incidents/${k.id}`, body).expect(200))
      .body as IncidentDto;
    k.severity = incident.severity;
    k.end = incident.end_time ? Date.parse(incident.end_time) : null;
    if (incident.lead) k.people.add(ids[incident.lead.display_name as Person]);
  }

  /** Closes `k` exactly `s` seconds after its start. */
  const close = (k: Known, s: number) =>
    patch(k, { end_time: new Date(k.start + s * 1000).toISOString() });

  async function action(k: Known, owner: Person | null, done: boolean, due: string | null) {
    const created = (
      await api
        .post(`/core/incidents/${k.id}/actions`, {
          details: `Follow up on ${k.name}`,
          user: owner ? { external_id: `U_${owner}` } : null,
          done,
          due_date: due,
        })
        .expect(201)
    ).body as ActionDto;
    k.actions.push(created);
    if (owner) k.people.add(ids[owner]);
  }

  /** When the lead and the severity were first set, from the incident's timeline. */
  async function readHistory(k: Known): Promise<void> {
    const entries = (
      (await api.get(`/core/incidents/${k.id}/timeline/events?limit=100`).expect(200))
        .body as Paginated<TimelineEntryDto>
    ).results
      .filter((e) => e.event_type === 'incident_update')
      .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    let severity: string | null = null;
    for (const entry of entries) {
      const metadata = entry.metadata as {
        update_type: string;
        old_value: unknown;
        new_value: unknown;
      };
      const at = Date.parse(entry.timestamp);
      if (metadata.update_type === 'incident_lead' && metadata.new_value) k.leadAt ??= at;
      if (metadata.update_type === 'incident_severity') {
        k.severityAt ??= at;
        const before = (metadata.old_value as { id: string } | null)?.id ?? null;
        const after = (metadata.new_value as { id: string }).id;
        if (before !== null && after < before) k.raised = true;
        severity = after;
      }
    }
    expect(severity ?? k.severity).toBe(k.severity);
  }

  /** Every figure, computed here from what the test knows, for the incidents `who` may see. */
  function expected(visible: Known[], asOf: string): Omit<InsightsDto, 'as_of'> {
    const rows = visible.filter((k) => k.month !== null);
    const now = Date.parse(asOf);
    const actions = rows.flatMap((k) => k.actions);
    const open = actions.filter((a) => !a.done);
    const overdue = (a: ActionDto) =>
      !a.done && a.due_date !== null && Date.parse(a.due_date) < now;
    const owners = new Map<
      number | null,
      { open: number; overdue: number; user: ActionDto['user'] }
    >();
    for (const a of open) {
      const key = a.user ? ids[a.user.display_name as Person] : null;
      const entry = owners.get(key) ?? { open: 0, overdue: 0, user: a.user };
      entry.open += 1;
      if (overdue(a)) entry.overdue += 1;
      owners.set(key, entry);
    }
    const ages = open.map((a) => Math.max(0, now - Date.parse(a.created_date)) / 86_400_000);
    const counts = new Map<number, number>();
    for (const k of rows) for (const id of k.people) counts.set(id, (counts.get(id) ?? 0) + 1);
    const byId = new Map(PEOPLE.map((p) => [ids[p], p]));
    return {
      from: '2025-01-01',
      to: '2025-05-31',
      time_zone: TZ,
      by_month: MONTHS.map((month) => {
        const inMonth = rows.filter((k) => k.month === month);
        const n = (s: string | null) => inMonth.filter((k) => k.severity === s).length;
        return {
          month,
          total: inMonth.length,
          by_severity: { '1': n('1'), '2': n('2'), '3': n('3'), '4': n('4'), unset: n(null) },
        };
      }),
      duration: span(rows, (k) => (k.end === null ? null : seconds(k.end - k.start))),
      time_to_report: span(rows, (k) => seconds(Math.max(0, k.report - k.start))),
      time_to_lead: span(rows, (k) => (k.leadAt === null ? null : seconds(k.leadAt - k.report))),
      time_to_severity: span(rows, (k) =>
        k.severityAt === null ? null : seconds(k.severityAt - k.report),
      ),
      actions: {
        open: open.length,
        done: actions.length - open.length,
        overdue: actions.filter(overdue).length,
        by_owner: [...owners.entries()]
          .sort(
            ([ka, a], [kb, b]) =>
              b.open - a.open || b.overdue - a.overdue || (ka ?? Infinity) - (kb ?? Infinity),
          )
          .map(([, o]) => ({ user: o.user, open: o.open, overdue: o.overdue })),
        age_days: {
          p50: pgRound3(percentileCont(ages, 0.5)),
          p90: pgRound3(percentileCont(ages, 0.9)),
        },
      },
      severity_changes: MONTHS.map((month) => ({
        month,
        count: rows.filter((k) => k.month === month && k.raised).length,
      })),
      participants: [...counts.entries()]
        .sort(([a, ca], [b, cb]) => cb - ca || a - b)
        .slice(0, 10)
        .map(([id, incidents]) => ({
          user: {
            app_id: 'slack',
            external_id: `U_${byId.get(id)}`,
            display_name: byId.get(id)!,
            full_name: `U_${byId.get(id)} Full`,
            email: null,
            deleted: false,
          },
          incidents,
        })),
    };
  }

  const visibleTo = (who: Person | 'admin') =>
    known.filter((k) => !k.private || who === 'admin' || k.people.has(ids[who as Person]));

  function conforms(schema: z.ZodType, body: unknown): void {
    const result = schema.safeParse(body);
    expect(result.success ? [] : result.error.issues).toEqual([]);
  }

  beforeAll(async () => {
    t = await startTestApp({ env: { TZ } });
    api = coreApi(t);
    const userIds = await seedSlackUsers(
      t,
      PEOPLE.map((p) => ({ external_id: `U_${p}`, display_name: p })),
    );
    PEOPLE.forEach((p, i) => (ids[p] = userIds[i]));
    const accounts = t.app.get(AccountsService);
    for (const p of ['dave', 'erin'] as const)
      await accounts.create({
        username: p,
        password: PASSWORD,
        role: 'viewer',
        externalUserId: ids[p],
      });

    // January (in New York): A lowered from 1 to 3, B set to 3 then raised to 2, E never
    // gets a severity, J gets one late. E starts on Jan 5 04:00 UTC, Jan 4 in New York.
    const a = await declare('A', '2025-01-10T12:00:00Z', { severity: '1', lead: 'alice' });
    const b = await declare('B', '2025-01-20T12:00:00Z', {});
    const e = await declare('E', '2025-01-05T04:00:00Z', {});
    const j = await declare('J', '2025-01-25T12:00:00Z', {});
    // February: C starts on March 1 03:00 UTC, still February 28 in New York.
    const c = await declare('C', '2025-03-01T03:00:00Z', { severity: '4' });
    // March: D is private; dave reported it, erin has no part in it.
    const d = await declare('D', '2025-03-15T12:00:00Z', {
      severity: '2',
      reporter: 'dave',
      private: true,
    });
    // April: nothing. May: I starts on June 1 03:00 UTC, May 31 in New York.
    const i = await declare('I', '2025-06-01T03:00:00Z', { lead: 'carol' });
    // Outside the range: December 31 and June 1 in New York.
    const f = await declare('F', '2024-12-31T23:00:00Z', { severity: '1', reporter: 'alice' });
    await declare('G', '2025-06-01T05:00:00Z', { severity: '1' });
    for (const [k, month] of [
      [a, '2025-01'],
      [b, '2025-01'],
      [e, '2025-01'],
      [j, '2025-01'],
      [c, '2025-02'],
      [d, '2025-03'],
      [i, '2025-05'],
    ] as const)
      k.month = month;

    await patch(a, { severity: '3' });
    await patch(b, { severity: '3' });
    await patch(b, { lead: { external_id: 'U_carol' } });
    await patch(b, { severity: '2' });
    await patch(e, { lead: { external_id: 'U_alice' } });
    await patch(j, { severity: '4' });
    await patch(d, { lead: { external_id: 'U_alice' } });
    await patch(d, { severity: '1' });
    await close(a, 3600);
    await close(b, 7200);
    await close(e, 1800);
    await close(d, 600);

    await action(a, 'alice', true, null);
    await action(b, 'alice', false, '2025-02-01T00:00:00Z');
    await action(b, 'carol', false, '2099-01-01T00:00:00Z');
    await action(b, null, false, '2025-02-01T00:00:00Z');
    await action(d, 'dave', false, '2025-04-01T00:00:00Z');
    await action(f, 'alice', false, '2025-01-15T00:00:00Z');
    // eve is C's scribe, and wrote in A's comms channel.
    await api
      .put(`/core/incidents/${c.id}/roles/scribe`, { user: { external_id: 'U_eve' } })
      .expect(200);
    c.people.add(ids.eve);
    await dataSource(t).query(
      `INSERT INTO user_stats (incident_id, user_id, join_time, message_count) VALUES ($1, $2, now(), 4)`,
      [a.id, ids.eve],
    );
    a.people.add(ids.eve);
    for (const k of known) await readHistory(k);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts incidents per month of their start in TZ by severity, empty months included', async () => {
    const body = (await api.get(`/core/insights?${RANGE}`).expect(200)).body as InsightsDto;
    conforms(insightsDtoSchema, body);
    expect(body.by_month).toEqual([
      { month: '2025-01', total: 4, by_severity: { '1': 0, '2': 1, '3': 1, '4': 1, unset: 1 } },
      { month: '2025-02', total: 1, by_severity: { '1': 0, '2': 0, '3': 0, '4': 1, unset: 0 } },
      { month: '2025-03', total: 1, by_severity: { '1': 1, '2': 0, '3': 0, '4': 0, unset: 0 } },
      { month: '2025-04', total: 0, by_severity: { '1': 0, '2': 0, '3': 0, '4': 0, unset: 0 } },
      { month: '2025-05', total: 1, by_severity: { '1': 0, '2': 0, '3': 0, '4': 0, unset: 1 } },
    ]);
    // Closed: A 3600 s, B 7200 s, E 1800 s in January; D 600 s in March.
    expect(body.duration).toEqual({
      by_month: [
        { month: '2025-01', count: 3, p50_seconds: 3600, p90_seconds: 6480 },
        { month: '2025-02', count: 0, p50_seconds: null, p90_seconds: null },
        { month: '2025-03', count: 1, p50_seconds: 600, p90_seconds: 600 },
        { month: '2025-04', count: 0, p50_seconds: null, p90_seconds: null },
        { month: '2025-05', count: 0, p50_seconds: null, p90_seconds: null },
      ],
      overall: { count: 4, p50_seconds: 2700, p90_seconds: 6120 },
    });
    // B raised from 3 to 2 in January, D from 2 to 1 in March; A was lowered.
    expect(body.severity_changes).toEqual([
      { month: '2025-01', count: 1 },
      { month: '2025-02', count: 0 },
      { month: '2025-03', count: 1 },
      { month: '2025-04', count: 0 },
      { month: '2025-05', count: 0 },
    ]);
    expect(body.time_to_lead.by_month.map((m) => m.count)).toEqual([3, 0, 1, 0, 1]);
    expect(body.time_to_severity.by_month.map((m) => m.count)).toEqual([3, 1, 1, 0, 0]);
    expect(body.actions).toMatchObject({ open: 4, done: 1, overdue: 3 });
  });

  it.each(['admin', 'dave', 'erin'] as const)(
    'gives %s every figure exactly, over the incidents they may see',
    async (who) => {
      const body = (await as(who, `/core/insights?${RANGE}`).expect(200)).body as InsightsDto;
      conforms(insightsDtoSchema, body);
      const { as_of: asOf, ...figures } = body;
      expect(figures).toEqual(expected(visibleTo(who), asOf));
    },
  );

  it('leaves private incidents out for those who take no part in them', async () => {
    const erin = (await as('erin', `/core/insights?${RANGE}`).expect(200)).body as InsightsDto;
    const dave = (await as('dave', `/core/insights?${RANGE}`).expect(200)).body as InsightsDto;
    expect(erin.by_month[2]).toEqual({
      month: '2025-03',
      total: 0,
      by_severity: { '1': 0, '2': 0, '3': 0, '4': 0, unset: 0 },
    });
    expect(dave.by_month[2].total).toBe(1);
    expect(erin.severity_changes[2].count).toBe(0);
    expect(erin.actions).toMatchObject({ open: 3, overdue: 2 });
    expect(erin.participants.map((p) => p.user.display_name)).not.toContain('dave');
    expect(dave.participants.find((p) => p.user.display_name === 'dave')?.incidents).toBe(1);
  });

  it('filters by severity, "unset" meaning none yet', async () => {
    const body = (await api.get(`/core/insights?${RANGE}&severity=2,unset`).expect(200))
      .body as InsightsDto;
    expect(body.by_month.map((m) => m.total)).toEqual([2, 0, 0, 0, 1]);
    const { as_of: asOf, ...figures } = body;
    expect(figures).toEqual(
      expected(
        known.filter((k) => k.severity === '2' || k.severity === null),
        asOf,
      ),
    );
  });

  it('defaults to the last 12 calendar months in TZ', async () => {
    const body = (await api.get('/core/insights').expect(200)).body as InsightsDto;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: TZ }).format(new Date(body.as_of));
    expect(body.to).toBe(today);
    expect(body.by_month).toHaveLength(12);
    expect(body.by_month.at(-1)!.month).toBe(today.slice(0, 7));
    expect(body.from).toBe(`${body.by_month[0].month}-01`);
  });

  it('gives one row per incident, as JSON and as CSV', async () => {
    const rows = (await api.get(`/core/insights/incidents?${RANGE}`).expect(200))
      .body as InsightIncidentDto[];
    rows.forEach((row) => conforms(insightIncidentSchema, row));
    const res = await api.get(`/core/insights/incidents?${RANGE}&format=csv`).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="incidents-2025-01-01-to-2025-05-31.csv"',
    );
    const lines = res.text.split('\r\n');
    expect(lines[0]).toBe(
      'id,report,month,severity,start_time,report_time,end_time,duration_seconds,time_to_report_seconds,time_to_lead_seconds,time_to_severity_seconds,severity_raised,actions_open,actions_done,actions_overdue,participants',
    );
    expect(lines.at(-1)).toBe('');

    const now = Date.now();
    const inRange = known
      .filter((k) => k.month !== null)
      .sort((x, y) => x.start - y.start || x.id - y.id);
    const expectedRows: InsightIncidentDto[] = inRange.map((k) => ({
      id: k.id,
      report: `${k.name}: checkout fails`,
      month: k.month!,
      severity: (k.severity ?? 'unset') as InsightIncidentDto['severity'],
      start_time: new Date(k.start).toISOString(),
      report_time: new Date(k.report).toISOString(),
      end_time: k.end === null ? null : new Date(k.end).toISOString(),
      duration_seconds: k.end === null ? null : pgRound3(seconds(k.end - k.start)),
      time_to_report_seconds: pgRound3(seconds(k.report - k.start))!,
      time_to_lead_seconds: k.leadAt === null ? null : pgRound3(seconds(k.leadAt - k.report)),
      time_to_severity_seconds:
        k.severityAt === null ? null : pgRound3(seconds(k.severityAt - k.report)),
      severity_raised: k.raised,
      actions_open: k.actions.filter((a) => !a.done).length,
      actions_done: k.actions.filter((a) => a.done).length,
      actions_overdue: k.actions.filter(
        (a) => !a.done && a.due_date !== null && Date.parse(a.due_date) < now,
      ).length,
      participants: k.people.size,
    }));
    expect(rows).toEqual(expectedRows);
    const csv = (value: unknown) => (value === null ? '' : String(value));
    expect(lines.slice(1, -1)).toEqual(
      expectedRows.map((row) => Object.values(row).map(csv).join(',')),
    );

    // The private incident is not a row for erin.
    const erin = (await as('erin', `/core/insights/incidents?${RANGE}`).expect(200))
      .body as InsightIncidentDto[];
    expect(erin.map((r) => r.id)).toEqual(
      expectedRows.filter((r) => !known.find((k) => k.id === r.id)!.private).map((r) => r.id),
    );
  });

  it.each([
    ['from=2025-02-30', { from: 'must be a date, YYYY-MM-DD' }],
    ['to=yesterday', { to: 'must be a date, YYYY-MM-DD' }],
    ['from=2025-1-01', { from: 'must be a date, YYYY-MM-DD' }],
    ['from=2025-01-01&from=2025-02-01', { from: 'must be one date, YYYY-MM-DD' }],
    ['from=2025-03-01&to=2025-02-01', { from: 'must not be after to' }],
    ['from=2010-01-01&to=2025-01-01', { from: 'the range must span at most 120 calendar months' }],
    ['severity=5', { severity: 'must be a comma-separated list of 1, 2, 3, 4, unset' }],
    ['severity=,', { severity: 'must be a comma-separated list of 1, 2, 3, 4, unset' }],
  ])('answers 400 with the problem for ?%s', async (query, errors) => {
    for (const path of ['/core/insights', '/core/insights/incidents']) {
      const res = await api.get(`${path}?${query}`).expect(400);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body).toMatchObject({ statusCode: 400, errors });
    }
  });

  it('refuses an unknown format and anyone not logged in', async () => {
    const res = await api.get(`/core/insights/incidents?format=xml`).expect(400);
    expect(res.body).toMatchObject({ errors: { format: 'must be csv or json' } });
    await t.http().get('/core/insights').expect(401);
    await t.http().get('/core/insights/incidents?format=csv').expect(401);
  });
});
