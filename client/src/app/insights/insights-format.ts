import type { InsightSeverity } from '@response/contracts';

/** `2025-01` → `Jan 2025` (the month is a calendar month of the server's time zone). */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number);
  const names = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  return `${names[m - 1] ?? month} ${year}`;
}

/** A span for people: `45 s`, `12.5 min`, `3.2 h`, `2.0 d`; `—` when there is none. */
export function span(seconds: number | null): string {
  if (seconds === null) return '—';
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${(seconds / 60).toFixed(1)} min`;
  if (seconds < 2 * 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** The unit a chart of spans is drawn in: minutes, unless the longest is over two hours. */
export function spanUnit(values: (number | null)[]): { name: string; seconds: number } {
  const longest = Math.max(0, ...values.filter((v): v is number => v !== null));
  return longest > 7200 ? { name: 'hours', seconds: 3600 } : { name: 'minutes', seconds: 60 };
}

/** The severities the page filters on, from `?severity=1,unset` (unknown values dropped). */
export function parseSeverities(value: string | undefined): InsightSeverity[] {
  const known: readonly string[] = ['1', '2', '3', '4', 'unset'];
  return [...new Set((value ?? '').split(',').filter((s) => known.includes(s)))].sort(
    (a, b) => known.indexOf(a) - known.indexOf(b),
  ) as InsightSeverity[];
}

/** A day `YYYY-MM-DD` from the URL, or undefined when it is not one. */
export function parseDay(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/** The incident list's severity filter for a severity of the insights (`unset` is `none` there). */
export function listSeverity(severity: InsightSeverity): string {
  return severity === 'unset' ? 'none' : severity;
}

/** One colour per severity, from critical to unset; solid, so a bar's colour names it. */
export const SEVERITY_COLOURS: Record<InsightSeverity, string> = {
  '1': '#b42318',
  '2': '#e8590c',
  '3': '#d4a20b',
  '4': '#2f9e44',
  unset: '#868e96',
};
