import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Roles of an incident besides its lead (`INCIDENT_ROLES`): who holds each,
 * one row per incident and role. Looked up by user too, since holding a role
 * counts as taking part in a private incident.
 */
export class IncidentRoles1795900900000 implements MigrationInterface {
  name = 'IncidentRoles1795900900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "incident_role" (
      "id" SERIAL NOT NULL,
      "incident_id" integer NOT NULL,
      "role" character varying(50) NOT NULL,
      "user_id" integer NOT NULL,
      "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "uq_incident_role_incident_role" UNIQUE ("incident_id", "role"),
      CONSTRAINT "pk_incident_role" PRIMARY KEY ("id")
    )`);
    await queryRunner.query(
      `CREATE INDEX "ix_incident_role_user" ON "incident_role" ("user_id", "incident_id")`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_role" ADD CONSTRAINT "fk_incident_role_incident" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "incident_role" ADD CONSTRAINT "fk_incident_role_user" FOREIGN KEY ("user_id") REFERENCES "external_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "incident_role"`);
  }
}
