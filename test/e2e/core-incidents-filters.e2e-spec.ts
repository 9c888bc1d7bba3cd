import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ApiErrorDto, IncidentDto, Paginated } from '@response/contracts';
import { AccountsService } from '../../libs/response/src/auth/accounts.service.js';
import { ADMIN, startTestApp, type TestApp } from '../support/app.js';

/** `GET /core/incidents?status=&severity=&search=`, with paging, by month and private incidents. */

const VIEWER = { username: 'vera', password: 'filters-password-1' };

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

describe('incident list filters', () => {
  let t: TestApp;
  const ids: Record<string, number> = {};
  const admin = (path: string) =>
    t.http().get(path).set('Authorization', basic(ADMIN.username, ADMIN.password));
  const viewer = (path: string) =>
    t.http().get(path).set('Authorization', basic(VIEWER.username, VIEWER.password));
  const idsOf = (body: Paginated<IncidentDto>) => body.results.map((i) => i.id);

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.get(AccountsService).create({
      username: VIEWER.username,
      password: VIEWER.password,
      role: 'viewer',
      externalUserId: null,
    });
    const declare = async (name: string, body: object) => {
      const res = await t
        .http()
        .post('/core/incidents')
        .set('Authorization', basic(ADMIN.username, ADMIN.password))
        .send(body)
        .expect(201);
      ids[name] = (res.body as IncidentDto).id;
    };
    await declare('db', {
      report: 'Database failover in EU',
      severity: '1',
      summary: 'Primary lost; replica promoted',
    });
    await declare('rnd', { report: 'R&D cluster is slow', severity: '2' });
    await declare('pct', { report: 'Disk 100% full on build_agent', summary: null });
    await declare('reported', {
      report: 'Old outage, written up after',
      report_only: true,
      severity: '3',
    });
    await declare('closed', {
      report: 'Checkout errors',
      severity: '1',
      summary: 'Payment DATABASE pool exhausted',
    });
    await declare('secret', { report: 'Private database breach', private: true, severity: '1' });
    await t
      .http()
      .patch(`/core/incidents/${ids.closed}`)
      .set('Authorization', basic(ADMIN.username, ADMIN.password))
      .send({ end_time: new Date().toISOString() })
      .expect(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('filters by status', async () => {
    const live = (await admin('/core/incidents?status=live').expect(200))
      .body as Paginated<IncidentDto>;
    expect(idsOf(live).sort()).toEqual([ids.db, ids.rnd, ids.pct, ids.secret].sort());
    expect(live.results.every((i) => i.status === 'live')).toBe(true);
    const resolved = (await admin('/core/incidents?status=resolved').expect(200))
      .body as Paginated<IncidentDto>;
    expect(idsOf(resolved)).toEqual([ids.closed]);
    const reported = (await admin('/core/incidents?status=reported').expect(200))
      .body as Paginated<IncidentDto>;
    expect(idsOf(reported)).toEqual([ids.reported]);
    expect(reported.count).toBe(1);
  });

  it('filters by severity, and by no severity', async () => {
    const critical = (await admin('/core/incidents?severity=1').expect(200))
      .body as Paginated<IncidentDto>;
    expect(idsOf(critical).sort()).toEqual([ids.db, ids.closed, ids.secret].sort());
    const none = (await admin('/core/incidents?severity=none').expect(200))
      .body as Paginated<IncidentDto>;
    expect(idsOf(none)).toEqual([ids.pct]);
  });

  it('searches report and summary in any case, every word, with % _ and & taken literally', async () => {
    const database = (await admin('/core/incidents?search=DataBase').expect(200))
      .body as Paginated<IncidentDto>;
    expect(idsOf(database).sort()).toEqual([ids.db, ids.closed, ids.secret].sort());
    const twoWords = (
      await admin(`/core/incidents?search=${encodeURIComponent('database pool')}`).expect(200)
    ).body as Paginated<IncidentDto>;
    expect(idsOf(twoWords)).toEqual([ids.closed]);
    const percent = (
      await admin(`/core/incidents?search=${encodeURIComponent('100%')}`).expect(200)
    ).body as Paginated<IncidentDto>;
    expect(idsOf(percent)).toEqual([ids.pct]);
    // `%` alone would match everything if it were a wildcard; `_` likewise.
    expect(
      (
        (await admin('/core/incidents?search=%25').expect(200)).body as Paginated<IncidentDto>
      ).results.map((i) => i.id),
    ).toEqual([ids.pct]);
    expect(
      idsOf((await admin('/core/incidents?search=_').expect(200)).body as Paginated<IncidentDto>),
    ).toEqual([ids.pct]);
    // Stored escaped (`R&amp;D`) and found as typed.
    expect(
      idsOf(
        (await admin(`/core/incidents?search=${encodeURIComponent('r&d')}`).expect(200))
          .body as Paginated<IncidentDto>,
      ),
    ).toEqual([ids.rnd]);
    expect(
      idsOf(
        (await admin('/core/incidents?search=nothing-like-this').expect(200))
          .body as Paginated<IncidentDto>,
      ),
    ).toEqual([]);
  });

  it('combines filters, and pages with next/previous links that keep them', async () => {
    const first = (
      await admin('/core/incidents?status=live&severity=1&search=database&limit=1').expect(200)
    ).body as Paginated<IncidentDto>;
    expect(first.count).toBe(2);
    expect(first.results).toHaveLength(1);
    expect(first.previous).toBeNull();
    expect(first.next).not.toBeNull();
    const next = new URL(first.next!);
    expect(Object.fromEntries(next.searchParams)).toEqual({
      status: 'live',
      severity: '1',
      search: 'database',
      limit: '1',
      offset: '1',
    });
    const second = (await admin(next.pathname + next.search).expect(200))
      .body as Paginated<IncidentDto>;
    expect(second.results).toHaveLength(1);
    expect(second.next).toBeNull();
    expect(Object.fromEntries(new URL(second.previous!).searchParams)).toEqual({
      status: 'live',
      severity: '1',
      search: 'database',
      limit: '1',
    });
    expect([...idsOf(first), ...idsOf(second)].sort()).toEqual([ids.db, ids.secret].sort());
  });

  it('applies the same filters by month', async () => {
    const now = new Date();
    const path = `/core/incidents/bymonth/${now.getUTCFullYear()}/${now.getUTCMonth() + 1}`;
    const res = (await admin(`${path}?status=resolved`).expect(200)).body as Paginated<IncidentDto>;
    expect(idsOf(res)).toEqual([ids.closed]);
  });

  it('never shows a private incident to someone who does not take part', async () => {
    const res = (await viewer('/core/incidents?search=database&severity=1').expect(200))
      .body as Paginated<IncidentDto>;
    expect(idsOf(res).sort()).toEqual([ids.db, ids.closed].sort());
    expect(res.count).toBe(2);
  });

  it.each([
    ['status=open', 'status'],
    ['status=LIVE', 'status'],
    ['severity=5', 'severity'],
    ['severity=critical', 'severity'],
    [`search=${'x'.repeat(201)}`, 'search'],
    ['status=live&severity=9', 'severity'],
  ])('answers 400 naming the parameter for ?%s', async (query, field) => {
    const res = await admin(`/core/incidents?${query}`).expect(400);
    const body = res.body as ApiErrorDto;
    expect(Object.keys(body.errors ?? {})).toContain(field);
    expect(body.statusCode).toBe(400);
  });

  it('treats empty filters as absent and keeps the last of repeated ones', async () => {
    const all = (await admin('/core/incidents?status=&severity=&search=').expect(200))
      .body as Paginated<IncidentDto>;
    expect(all.count).toBe(6);
    const last = (await admin('/core/incidents?status=resolved&status=reported').expect(200))
      .body as Paginated<IncidentDto>;
    expect(idsOf(last)).toEqual([ids.reported]);
  });

  it('rejects times before 1970 as a 400 naming the field', async () => {
    const res = await t
      .http()
      .patch(`/core/incidents/${ids.db}`)
      .set('Authorization', basic(ADMIN.username, ADMIN.password))
      .send({ start_time: '0001-01-01T00:00:00Z' })
      .expect(400);
    expect(Object.keys((res.body as ApiErrorDto).errors ?? {})).toEqual(['start_time']);
  });
});
