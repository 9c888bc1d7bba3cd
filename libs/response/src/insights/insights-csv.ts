import { decodeEntities, type InsightIncidentDto } from '@response/contracts';

/** The columns of `/core/insights/incidents?format=csv`, in order: the fields of a row. */
export const CSV_COLUMNS: readonly (keyof InsightIncidentDto)[] = [
  'id',
  'report',
  'month',
  'severity',
  'start_time',
  'report_time',
  'end_time',
  'duration_seconds',
  'time_to_report_seconds',
  'time_to_lead_seconds',
  'time_to_severity_seconds',
  'severity_raised',
  'actions_open',
  'actions_done',
  'actions_overdue',
  'participants',
];

/**
 * One CSV field (RFC 4180). Text a spreadsheet would run as a formula (it
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with
 * `'`, so that it shows as typed.
 */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The rows as CSV with a header line, CRLF line ends; reports as plain text (entities decoded). */
export function incidentsCsv(rows: InsightIncidentDto[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of rows) {
    const plain = { ...row, report: decodeEntities(row.report) };
    lines.push(CSV_COLUMNS.map((column) => csvField(plain[column])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
