import { MigrationInterface, QueryRunner } from 'typeorm';

/** Signed webhooks: endpoints, one delivery per event and endpoint, and each try of it. */
export class Webhooks1795900600000 implements MigrationInterface {
  name = 'Webhooks1795900600000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "webhook_endpoint" (
                "id" SERIAL NOT NULL,
                "url" character varying(2000) NOT NULL,
                "events" text array NOT NULL,
                "include_private" boolean NOT NULL DEFAULT false,
                "secret" character varying(100) NOT NULL,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "disabled_reason" character varying(300),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_6c98112122b2b8a4f3984d2efa8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_delivery" (
                "id" SERIAL NOT NULL,
                "endpoint_id" integer NOT NULL,
                "message_id" character varying(50) NOT NULL,
                "event_type" character varying(50) NOT NULL,
                "incident_id" integer NOT NULL,
                "body" text NOT NULL,
                "status" character varying(20) NOT NULL DEFAULT 'pending',
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "attempt_count" integer NOT NULL DEFAULT '0',
                "lease_until" TIMESTAMP WITH TIME ZONE,
                "finished_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_b1ae290239a778f12399db91354" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_webhook_delivery_finished" ON "webhook_delivery" ("finished_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_webhook_delivery_lane" ON "webhook_delivery" ("endpoint_id", "incident_id", "id")
            WHERE "status" = 'pending'
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_webhook_delivery_endpoint" ON "webhook_delivery" ("endpoint_id", "id")
        `);
    await queryRunner.query(`
            CREATE TABLE "webhook_attempt" (
                "id" BIGSERIAL NOT NULL,
                "delivery_id" integer NOT NULL,
                "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "status_code" integer,
                "latency_ms" integer NOT NULL,
                "error" character varying(500),
                CONSTRAINT "PK_e4ff77b66cdd20591ba6189a1f9" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_webhook_attempt_delivery" ON "webhook_attempt" ("delivery_id", "id")
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_delivery"
            ADD CONSTRAINT "FK_f53f5aec02217a54927b13e39d9" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoint"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_attempt"
            ADD CONSTRAINT "FK_d7ed48c4841159bfd6bdee166ea" FOREIGN KEY ("delivery_id") REFERENCES "webhook_delivery"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "webhook_attempt" DROP CONSTRAINT "FK_d7ed48c4841159bfd6bdee166ea"
        `);
    await queryRunner.query(`
            ALTER TABLE "webhook_delivery" DROP CONSTRAINT "FK_f53f5aec02217a54927b13e39d9"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_attempt_delivery"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_attempt"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_delivery_endpoint"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_delivery_lane"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_webhook_delivery_finished"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_delivery"
        `);
    await queryRunner.query(`
            DROP TABLE "webhook_endpoint"
        `);
  }
}
