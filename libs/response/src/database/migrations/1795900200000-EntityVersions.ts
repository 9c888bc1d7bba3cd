import { MigrationInterface, QueryRunner } from 'typeorm';

/** TypeORM's names for the `updated_by_id` foreign keys, so the schema matches the entities. */
const FOREIGN_KEYS = [
  ['incident', 'FK_854023c38f8f80cf51bce8cb5fa'],
  ['action', 'FK_06ba3f67bbe4537e0b98047f63f'],
  ['timeline_event', 'FK_952d38316876879a53f845e985e'],
] as const;

/**
 * Actions and timeline entries get a `version`, as incidents have, so that a
 * write made on an old version is refused instead of silently overwriting a
 * newer one. All three remember who made their last change.
 */
export class EntityVersions1795900200000 implements MigrationInterface {
  name = 'EntityVersions1795900200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "action" ADD "version" integer NOT NULL DEFAULT 1`);
    await queryRunner.query(
      `ALTER TABLE "timeline_event" ADD "version" integer NOT NULL DEFAULT 1`,
    );
    for (const [table, fk] of FOREIGN_KEYS) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "updated_by_id" integer`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "${fk}" FOREIGN KEY ("updated_by_id") REFERENCES "external_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, fk] of [...FOREIGN_KEYS].reverse()) {
      await queryRunner.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${fk}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "updated_by_id"`);
    }
    await queryRunner.query(`ALTER TABLE "timeline_event" DROP COLUMN "version"`);
    await queryRunner.query(`ALTER TABLE "action" DROP COLUMN "version"`);
  }
}
