const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function unit(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/**
 * A human duration such as `1 hr 5 mins` or `2 days 3 hrs`: days, hours and
 * minutes, leaving out zero parts; under a minute it counts seconds.
 */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(Number.isFinite(ms) ? ms : 0));
  if (total < MINUTE) return unit(Math.floor(total / 1000), 'sec', 'secs');
  const days = Math.floor(total / DAY);
  const hours = Math.floor((total % DAY) / HOUR);
  const minutes = Math.floor((total % HOUR) / MINUTE);
  const parts: string[] = [];
  if (days) parts.push(unit(days, 'day', 'days'));
  if (hours) parts.push(unit(hours, 'hr', 'hrs'));
  if (minutes) parts.push(unit(minutes, 'min', 'mins'));
  return parts.join(' ');
}
