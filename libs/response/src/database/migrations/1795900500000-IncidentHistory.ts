import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Insights: `incident_change`, the history of each incident's lead and
 * severity (one row per save, private incidents included), filled from the
 * change log for what happened before; and an index on `incident.start_time`,
 * by which insights count incidents into months.
 */
export class IncidentHistory1795900500000 implements MigrationInterface {
  name = 'IncidentHistory1795900500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "incident_change" (
        "id" SERIAL NOT NULL,
        "incident_id" integer NOT NULL,
        "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
        "lead_id" integer,
        "severity" character varying(10),
        CONSTRAINT "PK_incident_change" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`
      ALTER TABLE "incident_change" ADD CONSTRAINT "FK_incident_change_incident"
        FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Private incidents were never in the change log: their history starts now.
    await queryRunner.query(`
      INSERT INTO "incident_change" ("incident_id", "timestamp", "lead_id", "severity")
      SELECT i.id, e.timestamp, u.id, e.payload->>'severity'
        FROM "event" e
        JOIN "incident" i
          ON i.id = CASE WHEN e.payload->>'id' ~ '^[0-9]{1,9}$' THEN (e.payload->>'id')::int END
        LEFT JOIN "external_user" u ON u.app_id = e.payload->'lead'->>'app_id'
                                   AND u.external_id = e.payload->'lead'->>'external_id'
       WHERE e.event_type = 'incident_event'
       ORDER BY e.id`);
    await queryRunner.query(`
      CREATE INDEX "ix_incident_change_incident"
        ON "incident_change" ("incident_id", "timestamp", "id", "lead_id", "severity")`);
    await queryRunner.query(
      `CREATE INDEX "ix_incident_start_time" ON "incident" ("start_time")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_incident_start_time"`);
    await queryRunner.query(`DROP TABLE "incident_change"`);
  }
}
