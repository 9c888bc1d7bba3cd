import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Insights: `incident_history`, what the change history says of each incident
 * (when a lead and a severity were first set, when the severity was first
 * raised), filled from the change log for what happened before; and an index on
 * `incident.start_time`, by which insights count incidents into months.
 * Private incidents were never in the change log: a lead or severity they
 * already have counts as set at an unknown time (`-infinity`), and insights
 * leave it out; what changes from now on is recorded.
 */
export class IncidentHistory1795900500000 implements MigrationInterface {
  name = 'IncidentHistory1795900500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "incident_history" (
        "incident_id" integer NOT NULL,
        "lead_set_at" TIMESTAMP WITH TIME ZONE,
        "severity_set_at" TIMESTAMP WITH TIME ZONE,
        "severity" character varying(10),
        "severity_raised_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_incident_history" PRIMARY KEY ("incident_id")
      )`);
    await queryRunner.query(`
      ALTER TABLE "incident_history" ADD CONSTRAINT "FK_incident_history_incident"
        FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`
      INSERT INTO "incident_history"
             ("incident_id", "lead_set_at", "severity_set_at", "severity", "severity_raised_at")
      SELECT s.incident_id,
             min(s.timestamp) FILTER (WHERE s.has_lead),
             min(s.timestamp) FILTER (WHERE s.severity IS NOT NULL),
             (array_agg(s.severity ORDER BY s.timestamp DESC, s.id DESC))[1],
             min(s.timestamp) FILTER (WHERE s.severity < s.before)
        FROM (SELECT i.id AS incident_id, e.id, e.timestamp,
                     jsonb_typeof(e.payload->'lead') = 'object' AS has_lead,
                     e.payload->>'severity' AS severity,
                     lag(e.payload->>'severity') OVER (PARTITION BY i.id ORDER BY e.timestamp, e.id)
                       AS before
                FROM "event" e
                JOIN "incident" i
                  ON i.id = CASE WHEN e.payload->>'id' ~ '^[0-9]{1,9}$'
                                 THEN (e.payload->>'id')::int END
               WHERE e.event_type = 'incident_event') s
       GROUP BY s.incident_id`);
    // Incidents the change log never saw (private ones): a lead or severity they have
    // was set at a time nobody knows (-infinity), which no later save overwrites.
    await queryRunner.query(`
      INSERT INTO "incident_history" ("incident_id", "lead_set_at", "severity_set_at", "severity")
      SELECT i.id,
             CASE WHEN i.lead_id IS NOT NULL THEN '-infinity'::timestamptz END,
             CASE WHEN i.severity IS NOT NULL THEN '-infinity'::timestamptz END,
             i.severity
        FROM "incident" i
       WHERE NOT EXISTS (SELECT 1 FROM "incident_history" h WHERE h.incident_id = i.id)`);
    await queryRunner.query(`CREATE INDEX "ix_incident_start_time" ON "incident" ("start_time")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_incident_start_time"`);
    await queryRunner.query(`DROP TABLE "incident_history"`);
  }
}
