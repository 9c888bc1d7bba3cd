import type { IncidentDto, IncidentStatus, Severity } from '@response/contracts';

export interface IncidentFilter {
  status?: IncidentStatus;
  severity?: Severity | 'none';
  /** `YYYY-MM`. */
  month?: string;
  search?: string;
}

/** Whether an incident matches the status, severity and text filters (month is asked of the API). */
export function matchesFilter(incident: IncidentDto, filter: IncidentFilter): boolean {
  if (filter.status && incident.status !== filter.status) return false;
  if (filter.severity === 'none' && incident.severity !== null) return false;
  if (filter.severity && filter.severity !== 'none' && incident.severity !== filter.severity) return false;
  const words = (filter.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length > 0) {
    const haystack = `${incident.report}\n${incident.summary ?? ''}`.toLowerCase();
    if (!words.every((word) => haystack.includes(word))) return false;
  }
  return true;
}

/** `2025-05` → [2025, 5], or null when malformed. */
export function parseMonth(value: string | undefined): [number, number] | null {
  const match = /^(\d{4})-(\d{2})$/.exec(value ?? '');
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? [Number(match[1]), month] : null;
}
