import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox row is done when its job has completed, not when it was handed to
 * the queue: a queue that loses jobs (Redis restarted without persistence, an
 * in-process queue that stopped) is reconciled from the rows not yet completed.
 * Rows relayed before this migration count as completed.
 */
export class OutboxCompletion1795900000000 implements MigrationInterface {
  name = 'OutboxCompletion1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "outbox_message" ADD "completed_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `UPDATE "outbox_message" SET "completed_at" = "dispatched_at" WHERE "dispatched_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_message_unconfirmed" ON "outbox_message" ("dispatched_at") WHERE "completed_at" IS NULL AND "dispatched_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_outbox_message_key_open" ON "outbox_message" ("key") WHERE "completed_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_message_key_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_outbox_message_unconfirmed"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "completed_at"`);
  }
}
