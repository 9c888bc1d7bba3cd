import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The report limit (200 characters) applies to what was typed; the stored
 * form is HTML-escaped (`&` → `&amp;`, `<` → `&lt;`) and so can be longer;
 * 1200 is six times the limit, more than any entity used takes.
 * The column is widened in place, keeping every row.
 */
export class WidenIncidentReport1795866615788 implements MigrationInterface {
  name = 'WidenIncidentReport1795866615788';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "incident" ALTER COLUMN "report" TYPE character varying(1200)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "incident" ALTER COLUMN "report" TYPE character varying(200) USING left("report", 200)`,
    );
  }
}
