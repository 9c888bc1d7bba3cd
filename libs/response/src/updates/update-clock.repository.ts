import { Injectable } from '@nestjs/common';
import type { Severity } from '@response/contracts';
import type { EntityManager } from 'typeorm';

/** `update_clock`: each incident's status-update clock (see incidents/update-due.ts). */
@Injectable()
export class UpdateClockRepository {
  /** An update was posted at `at`: the clock restarts from it and any snooze ends. */
  async recordUpdate(manager: EntityManager, incidentId: number, at: Date): Promise<void> {
    await manager.query(
      `INSERT INTO update_clock (incident_id, last_update_at) VALUES ($1, $2)
       ON CONFLICT (incident_id) DO UPDATE
          SET last_update_at = GREATEST(update_clock.last_update_at, EXCLUDED.last_update_at),
              snoozed_until = NULL, snoozed_severity = NULL`,
      [incidentId, at],
    );
  }

  /** Moves the due time to `until`, for as long as the severity stays `severity`. */
  async snooze(
    manager: EntityManager,
    incidentId: number,
    until: Date,
    severity: Severity,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO update_clock (incident_id, snoozed_until, snoozed_severity) VALUES ($1, $2, $3)
       ON CONFLICT (incident_id) DO UPDATE
          SET snoozed_until = EXCLUDED.snoozed_until, snoozed_severity = EXCLUDED.snoozed_severity`,
      [incidentId, until, severity],
    );
  }

  /**
   * Claims the reminder of one due time with one conditional statement: it
   * succeeds only when that due time was not reminded of yet and the clock is
   * still as the caller saw it (no update posted, no snooze since). Of several
   * workers scanning at once, exactly one gets true.
   */
  async claimReminder(
    manager: EntityManager,
    claim: {
      incidentId: number;
      due: Date;
      lastUpdateAt: Date | null;
      snoozedUntil: Date | null;
    },
  ): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO update_clock (incident_id, reminded_due) VALUES ($1, $2)
       ON CONFLICT (incident_id) DO UPDATE SET reminded_due = EXCLUDED.reminded_due
        WHERE update_clock.reminded_due IS DISTINCT FROM EXCLUDED.reminded_due
          AND update_clock.last_update_at IS NOT DISTINCT FROM $3::timestamptz
          AND update_clock.snoozed_until IS NOT DISTINCT FROM $4::timestamptz
       RETURNING incident_id`,
      [claim.incidentId, claim.due, claim.lastUpdateAt, claim.snoozedUntil],
    );
    return rows.length > 0;
  }
}
