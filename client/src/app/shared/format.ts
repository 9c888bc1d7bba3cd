const DATE_TIME = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const DAY = new Intl.DateTimeFormat(undefined, {
  weekday: 'long',
  year: 'numeric',
  month: 'long',
  day: 'numeric',
});
// Always 24-hour: `22:45` fits the timeline's time column where `10:45 PM` wraps.
const TIME = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function valid(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `12 May 2025, 14:03` in the reader's time zone; dates are always shown with times. */
export function dateTime(iso: string | null | undefined): string {
  const date = valid(iso);
  return date ? DATE_TIME.format(date) : '—';
}

/** `Monday, 12 May 2025`: a timeline day heading. */
export function dayHeading(iso: string): string {
  const date = valid(iso);
  return date ? DAY.format(date) : '';
}

/** `14:03`. */
export function time(iso: string): string {
  const date = valid(iso);
  return date ? TIME.format(date) : '';
}

/** A key that groups timestamps by the reader's local day. */
export function localDayKey(iso: string): string {
  const date = valid(iso);
  if (!date) return '';
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Value for `<input type="datetime-local">` from an ISO time, in local time. */
export function toLocalInput(iso: string | null | undefined): string {
  const date = valid(iso);
  if (!date) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** ISO time from an `<input type="datetime-local">` value, or null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * A sentence when a chosen time cannot be right, else null: before 1970, or
 * too far ahead (`year`: timeline entries may be planned a year ahead; `day`:
 * an incident's start and end are at most one day from now, as the API allows).
 */
export function timeProblem(
  iso: string,
  now = new Date(),
  ahead: 'year' | 'day' = 'year',
): string | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return 'Enter a valid date and time.';
  if (date.getTime() < 0) return 'Choose a date in 1970 or later.';
  if (ahead === 'day' && date.getTime() > now.getTime() + 86_400_000)
    return 'Choose a time no later than one day from now.';
  if (date.getUTCFullYear() > now.getUTCFullYear() + 1)
    return 'Choose a date no more than a year ahead.';
  return null;
}
