import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts an admin can disable; login throttling that slows a (username,
 * address) pair down instead of locking a username out; the one-time codes of
 * the first-start setup link; and a web user for every account that has no
 * linked Slack user, so that pickers list every account from the start.
 */
export class AccountsAndSetup1795900400000 implements MigrationInterface {
  name = 'AccountsAndSetup1795900400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "account" ADD "disabled_at" TIMESTAMP WITH TIME ZONE`);
    // The old counters locked usernames for 15 minutes; the new scheme starts from nothing.
    await queryRunner.query(`DELETE FROM "login_throttle"`);
    await queryRunner.query(
      `ALTER TABLE "login_throttle" ALTER COLUMN "key" TYPE character varying(300)`,
    );
    await queryRunner.query(`ALTER TABLE "login_throttle" ADD "username" character varying(150)`);
    await queryRunner.query(`ALTER TABLE "login_throttle" ADD "retry_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE INDEX "ix_login_throttle_username" ON "login_throttle" ("username")`,
    );
    await queryRunner.query(`
      CREATE TABLE "setup_code" (
        "code_hash" character varying(64) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_setup_code" PRIMARY KEY ("code_hash")
      )
    `);
    await queryRunner.query(`
      INSERT INTO "external_user" ("app_id", "external_id", "display_name", "full_name")
      SELECT 'web', left("username", 50), left("username", 100), left("username", 200)
        FROM "account" WHERE "external_user_id" IS NULL
      ON CONFLICT ("app_id", "external_id") DO NOTHING
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "setup_code"`);
    await queryRunner.query(`DROP INDEX "public"."ix_login_throttle_username"`);
    await queryRunner.query(`ALTER TABLE "login_throttle" DROP COLUMN "retry_at"`);
    await queryRunner.query(`ALTER TABLE "login_throttle" DROP COLUMN "username"`);
    await queryRunner.query(`DELETE FROM "login_throttle" WHERE length("key") > 200`);
    await queryRunner.query(
      `ALTER TABLE "login_throttle" ALTER COLUMN "key" TYPE character varying(200)`,
    );
    await queryRunner.query(`ALTER TABLE "account" DROP COLUMN "disabled_at"`);
  }
}
