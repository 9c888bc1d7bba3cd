/**
 * Durations as people read them. The web app and the report write `1h 5m`;
 * Slack messages write `1 hr 5 mins`.
 */
import type { IncidentDto } from '../api.js';

/** `short`: `2d 3h`, `1h 5m`, `40s`. `long`: `2 days 3 hrs 10 mins`, `1 min`, `40 secs`. */
export type DurationStyle = 'short' | 'long';

interface Unit {
  seconds: number;
  short: string;
  one: string;
  many: string;
}

const DAY: Unit = { seconds: 86_400, short: 'd', one: 'day', many: 'days' };
const HOUR: Unit = { seconds: 3_600, short: 'h', one: 'hr', many: 'hrs' };
const MINUTE: Unit = { seconds: 60, short: 'm', one: 'min', many: 'mins' };
const SECOND: Unit = { seconds: 1, short: 's', one: 'sec', many: 'secs' };

/** `count` of a unit: `3h` in the short style, `3 hrs` or `1 hr` in the long one. */
function unitText(count: number, unit: Unit, style: DurationStyle): string {
  if (style === 'short') return `${count}${unit.short}`;
  return `${count} ${count === 1 ? unit.one : unit.many}`;
}

/** Whole seconds, never negative; null, NaN and infinities count as zero. */
function wholeSeconds(seconds: number | null | undefined): number {
  return Math.max(0, Math.floor(Number.isFinite(seconds) ? Number(seconds) : 0));
}

/**
 * A duration given in seconds, never empty. Zero parts are left out and seconds
 * count only under a minute. The long style shows days, hours and minutes; the
 * short one shows the largest unit and the one below it (`1d 2h`, never `1d 2h 5m`).
 */
export function formatDuration(seconds: number | null | undefined, style: DurationStyle): string {
  const total = wholeSeconds(seconds);
  if (total < MINUTE.seconds) return unitText(total, SECOND, style);
  const parts: [number, Unit][] = [
    [Math.floor(total / DAY.seconds), DAY],
    [Math.floor((total % DAY.seconds) / HOUR.seconds), HOUR],
    [Math.floor((total % HOUR.seconds) / MINUTE.seconds), MINUTE],
  ];
  const largest = parts.findIndex(([count]) => count > 0);
  const shown = style === 'short' ? parts.slice(largest, largest + 2) : parts;
  return shown
    .filter(([count]) => count > 0)
    .map(([count, unit]) => unitText(count, unit, style))
    .join(' ');
}

/** Seconds from start to end, or to `now` while the incident is open. */
export function incidentDurationSeconds(
  incident: Pick<IncidentDto, 'start_time' | 'end_time'>,
  now: Date = new Date(),
): number {
  const start = Date.parse(incident.start_time);
  const end = incident.end_time ? Date.parse(incident.end_time) : now.getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) return 0;
  return Math.max(0, Math.round((end - start) / 1000));
}

/** How long the incident lasted, or has lasted so far, in the short style (`1d 2h`). */
export function formatIncidentDuration(
  incident: Pick<IncidentDto, 'start_time' | 'end_time'>,
  now: Date = new Date(),
): string {
  return formatDuration(incidentDurationSeconds(incident, now), 'short');
}
