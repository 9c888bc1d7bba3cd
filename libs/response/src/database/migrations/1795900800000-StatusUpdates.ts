import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Status updates for stakeholders, and each incident's status-update clock.
 * Incidents open at the upgrade start their clock then, so none of them is
 * reported overdue for the time before status updates existed.
 */
export class StatusUpdates1795900800000 implements MigrationInterface {
  name = 'StatusUpdates1795900800000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "status_update" (
      "id" SERIAL NOT NULL,
      "incident_id" integer NOT NULL,
      "author_id" integer,
      "text" text NOT NULL,
      "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "source_key" character varying(200),
      CONSTRAINT "uq_status_update_source_key" UNIQUE ("source_key"),
      CONSTRAINT "pk_status_update" PRIMARY KEY ("id")
    )`);
    await queryRunner.query(
      `CREATE INDEX "ix_status_update_incident_posted" ON "status_update" ("incident_id", "posted_at")`,
    );
    await queryRunner.query(
      `ALTER TABLE "status_update" ADD CONSTRAINT "fk_status_update_incident" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "status_update" ADD CONSTRAINT "fk_status_update_author" FOREIGN KEY ("author_id") REFERENCES "external_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE TABLE "update_clock" (
      "incident_id" integer NOT NULL,
      "started_at" TIMESTAMP WITH TIME ZONE,
      "last_update_at" TIMESTAMP WITH TIME ZONE,
      "snoozed_until" TIMESTAMP WITH TIME ZONE,
      "snoozed_severity" character varying(10),
      "reminded_due" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "pk_update_clock" PRIMARY KEY ("incident_id")
    )`);
    await queryRunner.query(
      `ALTER TABLE "update_clock" ADD CONSTRAINT "fk_update_clock_incident" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `INSERT INTO "update_clock" ("incident_id", "started_at")
       SELECT "id", now() FROM "incident" WHERE "end_time" IS NULL AND NOT "report_only"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "update_clock"`);
    await queryRunner.query(`DROP TABLE "status_update"`);
  }
}
