import { MigrationInterface, QueryRunner } from 'typeorm';

/** Sign-in with OpenID Connect: identities of accounts at a provider, and sign-ins under way. */
export class Oidc1795900600001 implements MigrationInterface {
  name = 'Oidc1795900600001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "account_identity" (
                "id" SERIAL NOT NULL,
                "account_id" integer NOT NULL,
                "issuer" character varying(500) NOT NULL,
                "subject" character varying(255) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_login_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "uq_account_identity_issuer_subject" UNIQUE ("issuer", "subject"),
                CONSTRAINT "PK_ff3623f6775193bb2a7286c2e81" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "oidc_login" (
                "state_hash" character varying(64) NOT NULL,
                "nonce" character varying(100) NOT NULL,
                "code_verifier" character varying(100) NOT NULL,
                "next" character varying(2000) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_9b460907caf17c6848217f75eba" PRIMARY KEY ("state_hash")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_oidc_login_expires" ON "oidc_login" ("expires_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "account_identity"
            ADD CONSTRAINT "FK_1d0d64c64afb2a575c9e6fc2d7c" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "account_identity" DROP CONSTRAINT "FK_1d0d64c64afb2a575c9e6fc2d7c"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_oidc_login_expires"
        `);
    await queryRunner.query(`
            DROP TABLE "oidc_login"
        `);
    await queryRunner.query(`
            DROP TABLE "account_identity"
        `);
  }
}
