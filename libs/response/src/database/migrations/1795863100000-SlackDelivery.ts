import { MigrationInterface, QueryRunner } from 'typeorm';

export class SlackDelivery1795863100000 implements MigrationInterface {
  name = 'SlackDelivery1795863100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "slack_delivery" (
                "key" character varying(200) NOT NULL,
                "method" character varying(100) NOT NULL,
                "result" jsonb,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2f4afa24f5b229f502c69840445" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_slack_delivery_created" ON "slack_delivery" ("created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "headline_post" ADD "rendered_hash" character varying(64)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "headline_post" DROP COLUMN "rendered_hash"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_slack_delivery_created"
        `);
    await queryRunner.query(`
            DROP TABLE "slack_delivery"
        `);
  }
}
