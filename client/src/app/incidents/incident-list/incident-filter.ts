import { IncidentStatus, SEVERITIES, type Severity } from '@response/contracts';

export interface IncidentFilter {
  status?: IncidentStatus;
  severity?: Severity | 'none';
  /** `YYYY-MM`. */
  month?: string;
  search?: string;
}

const STATUSES: readonly string[] = Object.values(IncidentStatus);

/** The filter in the list's URL (`?status=&severity=&month=&q=`); unknown values are ignored. */
export function parseFilter(query: {
  status?: string;
  severity?: string;
  month?: string;
  q?: string;
}): IncidentFilter {
  return {
    status: STATUSES.includes(query.status ?? '') ? (query.status as IncidentStatus) : undefined,
    severity:
      query.severity === 'none' || (SEVERITIES as readonly string[]).includes(query.severity ?? '')
        ? (query.severity as Severity | 'none')
        : undefined,
    month: parseMonth(query.month) ? query.month : undefined,
    search: query.q?.trim() || undefined,
  };
}

/** The API's query parameters for a filter (the month is part of the path, see {@link parseMonth}). */
export function filterParams(filter: IncidentFilter): Record<string, string> {
  const params: Record<string, string> = {};
  if (filter.status) params['status'] = filter.status;
  if (filter.severity) params['severity'] = filter.severity;
  if (filter.search) params['search'] = filter.search;
  return params;
}

/** `2025-05` → [2025, 5], or null when malformed. */
export function parseMonth(value: string | undefined): [number, number] | null {
  const match = /^(\d{4})-(\d{2})$/.exec(value ?? '');
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? [Number(match[1]), month] : null;
}
