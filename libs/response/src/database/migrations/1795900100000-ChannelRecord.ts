import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every message of an incident's comms channel, kept as its event arrives
 * (edits keep their earlier versions, deletions are marked), with a trigram
 * index for searching it in any language; and when a closed incident's
 * channel was warned about and archived.
 */
export class ChannelRecord1795900100000 implements MigrationInterface {
  name = 'ChannelRecord1795900100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE TABLE "channel_message" (
      "id" BIGSERIAL NOT NULL,
      "incident_id" integer NOT NULL,
      "channel_id" character varying(50) NOT NULL,
      "ts" character varying(50) NOT NULL,
      "thread_ts" character varying(50),
      "subtype" character varying(50),
      "author_slack_id" character varying(50),
      "bot" boolean NOT NULL DEFAULT false,
      "text" text NOT NULL DEFAULT '',
      "files" jsonb NOT NULL DEFAULT '[]',
      "versions" jsonb NOT NULL DEFAULT '[]',
      "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "edited_at" TIMESTAMP WITH TIME ZONE,
      "deleted" boolean NOT NULL DEFAULT false,
      "deleted_at" TIMESTAMP WITH TIME ZONE,
      "seen" boolean NOT NULL DEFAULT false,
      "changed_at" numeric(20,6),
      "timeline_entry_id" integer,
      CONSTRAINT "uq_channel_message_channel_ts" UNIQUE ("channel_id", "ts"),
      CONSTRAINT "pk_channel_message" PRIMARY KEY ("id")
    )`);
    await queryRunner.query(
      `CREATE INDEX "ix_channel_message_incident_posted" ON "channel_message" ("incident_id", "posted_at", "ts")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_channel_message_thread" ON "channel_message" ("incident_id", "thread_ts") WHERE "thread_ts" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_channel_message_text_trgm" ON "channel_message" USING gin ("text" gin_trgm_ops)`,
    );
    await queryRunner.query(
      `ALTER TABLE "channel_message" ADD CONSTRAINT "fk_channel_message_incident" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "channel_message" ADD CONSTRAINT "fk_channel_message_timeline_entry" FOREIGN KEY ("timeline_entry_id") REFERENCES "timeline_event"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "comms_channel" ADD "archive_warned_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(
      `ALTER TABLE "comms_channel" ADD "archived_at" TIMESTAMP WITH TIME ZONE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "comms_channel" DROP COLUMN "archived_at"`);
    await queryRunner.query(`ALTER TABLE "comms_channel" DROP COLUMN "archive_warned_at"`);
    await queryRunner.query(`DROP TABLE "channel_message"`);
  }
}
