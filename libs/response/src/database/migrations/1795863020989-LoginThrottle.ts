import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LoginThrottle1795863020989 implements MigrationInterface {
  name = 'LoginThrottle1795863020989';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "login_throttle" (
                "key" character varying(200) NOT NULL,
                "failures" integer NOT NULL DEFAULT '0',
                "window_ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_14c03bac82292a8310c54cb98d0" PRIMARY KEY ("key")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_login_throttle_window_ends" ON "login_throttle" ("window_ends_at")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."ix_login_throttle_window_ends"
        `);
    await queryRunner.query(`
            DROP TABLE "login_throttle"
        `);
  }
}
