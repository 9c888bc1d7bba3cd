import { describe, expect, it } from '@jest/globals';
import { formatSummary, redactUrl, TerminalProgress } from './import-report.js';
import { INCIDENTS, TIMELINE, type ImportContext } from './response-tables.js';

function terminal(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, columns: 100, written, write: (text: string) => written.push(text) };
}

describe('TerminalProgress', () => {
  it('draws one bar per table on a terminal, redrawn in place', () => {
    const out = terminal(true);
    let now = 0;
    const progress = new TerminalProgress(out, () => now);
    progress.table('response_incident', 4);
    now += 200;
    progress.advance(2);
    progress.table('response_action', 0);
    progress.finish();
    expect(out.written[0]).toBe(`\rresponse_incident        [${'-'.repeat(40)}] 0 / 4`);
    expect(out.written[1]).toBe(
      `\rresponse_incident        [${'#'.repeat(20)}${'-'.repeat(20)}] 2 / 4`,
    );
    expect(out.written[2]).toBe(`\rresponse_incident        [${'#'.repeat(40)}] 4 / 4\n`);
    expect(out.written.at(-1)).toMatch(/^\rresponse_action .*\] 0 \/ 0\n$/);
  });

  it('stays silent when the output is not a terminal', () => {
    const out = terminal(false);
    const progress = new TerminalProgress(out);
    progress.table('response_incident', 4);
    progress.advance(4);
    progress.finish();
    expect(out.written).toEqual([]);
  });
});

describe('formatSummary', () => {
  it('lists counts per table, every skipped row and every adjustment, without the password', () => {
    const text = formatSummary(
      {
        dryRun: false,
        schemaVersion: '0017_externaluser_deleted',
        tables: [{ source: 'response_incident', read: 3, imported: 2, unchanged: 0, skipped: 1 }],
        skipped: [{ table: 'response_incident', id: 9, text: 'its reporter was not imported' }],
        notes: [{ table: 'response_incident', id: 2, text: 'severity "7" …' }],
        nextIds: { incident: 10 },
      },
      'postgres://response:s3cret@db.internal:5432/response',
    );
    expect(text).not.toContain('s3cret');
    expect(text).toContain('Imported postgres://response:***@db.internal:5432/response:');
    expect(text).toMatch(/response_incident\s+3\s+2\s+0\s+1/);
    expect(text).toContain('Skipped 1 row:\n  response_incident 9: its reporter was not imported');
    expect(text).toContain('response_incident 2: severity "7" …');
    expect(text).toContain('New rows continue at:\n  incident 10');
    expect(redactUrl('not a url')).toBe('(the --from URL)');
  });
});

describe('table plans', () => {
  const context = (): ImportContext => ({
    users: new Map([[1, 1]]),
    incidents: new Map([[1, '2019-10-01 09:00:00+00']]),
    timelineEntries: new Set(),
    headlineChannel: null,
  });

  it('keeps an incident as stored, with a note for what cannot be kept', () => {
    const converted = INCIDENTS.convert(
      {
        id: 5,
        report: 'Backlog in &lt;billing&gt;',
        reporter_id: 1,
        lead_id: 4,
        report_time: '2019-10-05 10:00:00.123456+00',
        start_time: '2019-10-05 09:50:00+00',
        end_time: null,
        summary: '',
        impact: null,
        severity: '7',
      },
      context(),
    );
    expect(converted).toEqual({
      row: expect.objectContaining({
        id: 5,
        report: 'Backlog in &lt;billing&gt;',
        reporter_id: 1,
        lead_id: null,
        severity: null,
        report_time: '2019-10-05 10:00:00.123456+00',
        summary: '',
        report_only: false,
        private: false,
      }),
      notes: [
        'its lead (user 4) was not imported: left out',
        'severity "7" is not one of 1, 2, 3, 4: imported without one',
      ],
    });
  });

  it('parses JSON metadata kept as text, and skips entries of incidents not imported', () => {
    const ok = TIMELINE.convert(
      { id: 1, incident_id: 1, timestamp: 'x', text: 't', event_type: 'text', metadata: '{"a":1}' },
      context(),
    );
    expect(ok).toMatchObject({ row: { metadata: { a: 1 } }, notes: [] });
    const list = TIMELINE.convert(
      { id: 2, incident_id: 1, timestamp: 'x', text: 't', event_type: 'text', metadata: '[1]' },
      context(),
    );
    expect(list).toMatchObject({ row: { metadata: null } });
    expect(
      TIMELINE.convert(
        { id: 3, incident_id: 9, timestamp: 'x', text: 't', event_type: 'text', metadata: null },
        context(),
      ),
    ).toEqual({ skip: 'its incident 9 was not imported' });
  });
});
