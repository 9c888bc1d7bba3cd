import { INSIGHTS_MAX_MONTHS } from '@response/contracts';
import { ValidationError } from '../common/errors.js';

/** The days an insights request covers, both included, `YYYY-MM-DD` in the time zone. */
export interface InsightsRange {
  from: string;
  to: string;
}

/** The day `at` falls on in `timeZone`, `YYYY-MM-DD`. */
export function dayIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Calendar months from the month of `from` to the month of `to`, both counted. */
export function monthsSpanned(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm) + 1;
}

/**
 * The range asked for, with the defaults: up to today, and from the first day
 * of the month 11 months before `to`'s (12 calendar months in all). 400 when
 * `from` is after `to` or the range spans more than INSIGHTS_MAX_MONTHS months.
 */
export function resolveRange(
  query: { from?: string; to?: string },
  now: Date,
  timeZone: string,
): InsightsRange {
  const to = query.to ?? dayIn(now, timeZone);
  let from = query.from;
  if (!from) {
    const [year, month] = to.split('-').map(Number);
    const first = new Date(Date.UTC(year, month - 1 - 11, 1));
    from = first.toISOString().slice(0, 10);
  }
  if (from > to) throw new ValidationError({ from: 'must not be after to' });
  if (monthsSpanned(from, to) > INSIGHTS_MAX_MONTHS) {
    throw new ValidationError({
      from: `the range must span at most ${INSIGHTS_MAX_MONTHS} calendar months`,
    });
  }
  return { from, to };
}
