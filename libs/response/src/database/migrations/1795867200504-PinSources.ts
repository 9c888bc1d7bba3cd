import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A message can be both pinned and carry a 📌 reaction: each source is
 * recorded, and the timeline entry goes only when neither remains. Rows from
 * before have neither flag, so removing either source removes them, as before.
 */
export class PinSources1795867200504 implements MigrationInterface {
  name = 'PinSources1795867200504';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "pinned_message" ADD "pinned" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(
      `ALTER TABLE "pinned_message" ADD "reacted" boolean NOT NULL DEFAULT false`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pinned_message" DROP COLUMN "reacted"`);
    await queryRunner.query(`ALTER TABLE "pinned_message" DROP COLUMN "pinned"`);
  }
}
