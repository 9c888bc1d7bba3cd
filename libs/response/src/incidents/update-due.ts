import type { UpdateCadence } from '../config/updates.config.js';
import type { Incident } from './incident.entity.js';
import type { UpdateClock } from './update-clock.entity.js';

export type ClockState = Pick<
  UpdateClock,
  'startedAt' | 'lastUpdateAt' | 'snoozedUntil' | 'snoozedSeverity'
>;

/**
 * When the next status update of an incident is due, or null when none is: a
 * closed or report-only incident, one without a severity, or a severity whose
 * cadence is off. The clock runs from the latest update, or from the
 * declaration before the first; a snooze holds while the severity stays the
 * one it was snoozed at (a severity change recomputes from the last update).
 */
export function nextUpdateDue(
  incident: Pick<Incident, 'endTime' | 'reportOnly' | 'severity' | 'reportTime'>,
  clock: ClockState | null | undefined,
  cadence: UpdateCadence,
): Date | null {
  if (incident.endTime || incident.reportOnly || !incident.severity) return null;
  const every = cadence[incident.severity];
  if (!every) return null;
  if (clock?.snoozedUntil && clock.snoozedSeverity === incident.severity) return clock.snoozedUntil;
  const from = clock?.lastUpdateAt ?? clock?.startedAt ?? incident.reportTime;
  return new Date(from.getTime() + every);
}
