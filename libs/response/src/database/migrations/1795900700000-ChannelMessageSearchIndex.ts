import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Searching the channel record always names the incident: one GIN index over
 * the incident and the text's trigrams (btree_gin) answers
 * `incident_id = $1 AND text ILIKE $2` by itself, reading only that
 * incident's matches. The trigram index over the whole table it replaces made
 * Postgres read every match in every incident and then filter them (see
 * bench/message-search.ts: a common word in a 100,000-message incident took
 * 0.7 s with it). The index still serves a search on `text` alone.
 */
export class ChannelMessageSearchIndex1795900700000 implements MigrationInterface {
  name = 'ChannelMessageSearchIndex1795900700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gin`);
    await queryRunner.query(
      `CREATE INDEX "ix_channel_message_search" ON "channel_message" USING gin ("incident_id", "text" gin_trgm_ops)`,
    );
    await queryRunner.query(`DROP INDEX "ix_channel_message_text_trgm"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_channel_message_text_trgm" ON "channel_message" USING gin ("text" gin_trgm_ops)`,
    );
    await queryRunner.query(`DROP INDEX "ix_channel_message_search"`);
  }
}
