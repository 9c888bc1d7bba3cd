import { Injectable } from '@nestjs/common';
import type { Severity } from '@response/contracts';
import type { EntityManager } from 'typeorm';

/** One save of an incident, as its history records it. */
export interface IncidentSave {
  incidentId: number;
  at: Date;
  hasLead: boolean;
  severity: Severity | null;
}

/** The `incident_history` table. */
@Injectable()
export class IncidentHistoryRepository {
  /**
   * Folds one save into the incident's history, in the caller's transaction:
   * the first lead and the first severity are kept, and a severity more severe
   * (a lower number) than the one before is a raise. Saves of one incident are
   * serialised by the lock IncidentsService takes on its row.
   */
  async record(manager: EntityManager, save: IncidentSave): Promise<void> {
    await manager.query(
      `INSERT INTO incident_history AS h (incident_id, lead_set_at, severity_set_at, severity)
       VALUES ($1, CASE WHEN $3 THEN $2::timestamptz END,
               CASE WHEN $4::varchar IS NOT NULL THEN $2::timestamptz END, $4)
       ON CONFLICT (incident_id) DO UPDATE SET
         lead_set_at = coalesce(h.lead_set_at, EXCLUDED.lead_set_at),
         severity_set_at = coalesce(h.severity_set_at, EXCLUDED.severity_set_at),
         severity_raised_at = coalesce(h.severity_raised_at,
           CASE WHEN EXCLUDED.severity < h.severity THEN $2::timestamptz END),
         severity = coalesce(EXCLUDED.severity, h.severity)`,
      [save.incidentId, save.at, save.hasLead, save.severity],
    );
  }
}
