/** How the doc says when the next status update is due. */
export interface UpdateDue {
  text: string;
  overdue: boolean;
}

/** `12 min`, `1 h 5 min`, `2 h`. */
function minutesText(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/**
 * "Next update due in 12 min" (minutes rounded up), or "Overdue by 5 min"
 * (rounded down) once the time has passed; null when no update is due.
 */
export function updateDue(dueIso: string | null | undefined, now: Date): UpdateDue | null {
  if (!dueIso) return null;
  const due = Date.parse(dueIso);
  if (Number.isNaN(due)) return null;
  const ms = due - now.getTime();
  if (ms > 0)
    return { text: `Next update due in ${minutesText(Math.ceil(ms / 60_000))}`, overdue: false };
  const late = Math.floor(-ms / 60_000);
  return {
    text: late < 1 ? 'Update due now' : `Overdue by ${minutesText(late)}`,
    overdue: true,
  };
}
