import { describe, expect, it } from '@jest/globals';
import type { InsightIncidentDto } from '@response/contracts';
import { csvField, incidentsCsv } from './insights-csv.js';

describe('insights CSV', () => {
  it('quotes what needs quoting and nothing else', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
    expect(csvField(false)).toBe('false');
  });

  it('keeps spreadsheets from running text as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
  });

  it('writes a header and one line per incident, with the report as plain text', () => {
    const row: InsightIncidentDto = {
      id: 7,
      report: 'R&amp;D &lt;down&gt;',
      month: '2026-10',
      severity: 'unset',
      start_time: '2026-10-01T10:00:00.000Z',
      report_time: '2026-10-01T10:05:00.000Z',
      end_time: null,
      duration_seconds: null,
      time_to_report_seconds: 300,
      time_to_lead_seconds: null,
      time_to_severity_seconds: 0.25,
      severity_raised: false,
      actions_open: 1,
      actions_done: 0,
      actions_overdue: 1,
      participants: 2,
    };
    expect(incidentsCsv([row]).split('\r\n')).toEqual([
      'id,report,month,severity,start_time,report_time,end_time,duration_seconds,time_to_report_seconds,time_to_lead_seconds,time_to_severity_seconds,severity_raised,actions_open,actions_done,actions_overdue,participants',
      '7,R&D <down>,2026-10,unset,2026-10-01T10:00:00.000Z,2026-10-01T10:05:00.000Z,,,300,,0.25,false,1,0,1,2',
      '',
    ]);
  });
});
