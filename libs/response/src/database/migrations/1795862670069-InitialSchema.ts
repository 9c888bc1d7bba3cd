import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795862670069 implements MigrationInterface {
  name = 'InitialSchema1795862670069';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "comms_channel" (
                "id" SERIAL NOT NULL,
                "incident_id" integer NOT NULL,
                "channel_id" character varying(50) NOT NULL,
                "channel_name" character varying(100) NOT NULL,
                CONSTRAINT "UQ_975c7488ec38fba81a2c3d69973" UNIQUE ("channel_id"),
                CONSTRAINT "REL_259248a452a328b93ced0b66c9" UNIQUE ("incident_id"),
                CONSTRAINT "PK_24d0f6e333aa4f363c710519869" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "external_user" (
                "id" SERIAL NOT NULL,
                "app_id" character varying(50) NOT NULL,
                "external_id" character varying(50) NOT NULL,
                "display_name" character varying(100) NOT NULL DEFAULT '',
                "full_name" character varying(200) NOT NULL DEFAULT '',
                "email" character varying(254),
                "deleted" boolean NOT NULL DEFAULT false,
                CONSTRAINT "uq_external_user_app_external_id" UNIQUE ("app_id", "external_id"),
                CONSTRAINT "PK_ca5f437dd8b664627e45ec63369" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "incident" (
                "id" SERIAL NOT NULL,
                "report" character varying(200) NOT NULL,
                "reporter_id" integer,
                "report_time" TIMESTAMP WITH TIME ZONE NOT NULL,
                "report_only" boolean NOT NULL DEFAULT false,
                "private" boolean NOT NULL DEFAULT false,
                "start_time" TIMESTAMP WITH TIME ZONE NOT NULL,
                "end_time" TIMESTAMP WITH TIME ZONE,
                "summary" text,
                "impact" text,
                "lead_id" integer,
                "severity" character varying(10),
                "version" integer NOT NULL DEFAULT '1',
                CONSTRAINT "PK_5f90b28b0b8238d89ee8edcf96e" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_incident_report_time" ON "incident" ("report_time")
        `);
    await queryRunner.query(`
            CREATE TABLE "action" (
                "id" SERIAL NOT NULL,
                "details" text NOT NULL,
                "done" boolean NOT NULL DEFAULT false,
                "done_date" TIMESTAMP WITH TIME ZONE,
                "due_date" TIMESTAMP WITH TIME ZONE,
                "created_date" TIMESTAMP WITH TIME ZONE NOT NULL,
                "priority" character varying(10),
                "type" character varying(10),
                "incident_id" integer NOT NULL,
                "user_id" integer,
                CONSTRAINT "PK_2d9db9cf5edfbbae74eb56e3a39" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_action_incident" ON "action" ("incident_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "account" (
                "id" SERIAL NOT NULL,
                "username" character varying(150) NOT NULL,
                "password_hash" character varying(255) NOT NULL,
                "role" character varying(20) NOT NULL DEFAULT 'responder',
                "external_user_id" integer,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "UQ_41dfcb70af895ddf9a53094515b" UNIQUE ("username"),
                CONSTRAINT "PK_54115ee388cdb6d86bb4bf5b2ea" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "account_session" (
                "token_hash" character varying(64) NOT NULL,
                "account_id" integer NOT NULL,
                "csrf_token" character varying(64) NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2518e1b9f3a31e6f1685a69469f" PRIMARY KEY ("token_hash")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_account_session_expires" ON "account_session" ("expires_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "event" (
                "id" SERIAL NOT NULL,
                "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
                "event_type" character varying(50) NOT NULL,
                "payload" jsonb NOT NULL,
                CONSTRAINT "PK_30c2f3bbaf6d34a55f8ae6e4614" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_event_timestamp" ON "event" ("timestamp")
        `);
    await queryRunner.query(`
            CREATE TABLE "outbox_message" (
                "id" BIGSERIAL NOT NULL,
                "topic" character varying(100) NOT NULL,
                "key" character varying(200),
                "payload" jsonb NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "attempts" integer NOT NULL DEFAULT '0',
                "dispatched_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_outbox_message_pending" ON "outbox_message" ("available_at")
            WHERE "dispatched_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE TABLE "headline_post" (
                "id" SERIAL NOT NULL,
                "incident_id" integer NOT NULL,
                "message_ts" character varying(50),
                "channel_id" character varying(50) NOT NULL,
                "rendered_version" integer NOT NULL DEFAULT '0',
                CONSTRAINT "REL_e93c84fb9e3af5065ad2c17ad7" UNIQUE ("incident_id"),
                CONSTRAINT "PK_65a61af47f4a4aca0a9d346135b" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "notification" (
                "id" SERIAL NOT NULL,
                "incident_id" integer NOT NULL,
                "key" character varying(100) NOT NULL,
                "time" TIMESTAMP WITH TIME ZONE NOT NULL,
                "repeat_count" integer NOT NULL DEFAULT '0',
                "completed" boolean NOT NULL DEFAULT false,
                CONSTRAINT "uq_notification_incident_key" UNIQUE ("incident_id", "key"),
                CONSTRAINT "PK_705b6c7cdf9b2c2ff7ac7872cb7" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "timeline_event" (
                "id" SERIAL NOT NULL,
                "incident_id" integer NOT NULL,
                "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
                "text" text NOT NULL,
                "event_type" character varying(50) NOT NULL DEFAULT 'text',
                "metadata" jsonb,
                CONSTRAINT "PK_8f5a66cd7151d78a419da3a3375" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_timeline_event_incident_timestamp" ON "timeline_event" ("incident_id", "timestamp")
        `);
    await queryRunner.query(`
            CREATE TABLE "pinned_message" (
                "id" SERIAL NOT NULL,
                "incident_id" integer NOT NULL,
                "author_id" integer,
                "message_ts" character varying(50) NOT NULL,
                "text" text NOT NULL,
                "timeline_event_id" integer,
                "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "uq_pinned_message_incident_ts" UNIQUE ("incident_id", "message_ts"),
                CONSTRAINT "PK_6cd5c9b4a776a2f26ccb15bfdac" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "slack_processed_event" (
                "event_id" character varying(100) NOT NULL,
                "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_2b5baf2db58a0f41d765faf4d49" PRIMARY KEY ("event_id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_slack_processed_event_received" ON "slack_processed_event" ("received_at")
        `);
    await queryRunner.query(`
            CREATE TABLE "user_stats" (
                "id" SERIAL NOT NULL,
                "incident_id" integer NOT NULL,
                "user_id" integer NOT NULL,
                "join_time" TIMESTAMP WITH TIME ZONE NOT NULL,
                "message_count" integer NOT NULL DEFAULT '0',
                CONSTRAINT "uq_user_stats_incident_user" UNIQUE ("incident_id", "user_id"),
                CONSTRAINT "PK_f55fb5b508e96b05303efae93e5" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "comms_channel"
            ADD CONSTRAINT "FK_259248a452a328b93ced0b66c95" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident"
            ADD CONSTRAINT "FK_f7729d87e71dfaefd054c64f1f5" FOREIGN KEY ("reporter_id") REFERENCES "external_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "incident"
            ADD CONSTRAINT "FK_1d2f6d6bf89e3f64352721d3ed4" FOREIGN KEY ("lead_id") REFERENCES "external_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "action"
            ADD CONSTRAINT "FK_47daa389d33806ed790358d695b" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "action"
            ADD CONSTRAINT "FK_7b399dc5cde63184cedc81df36e" FOREIGN KEY ("user_id") REFERENCES "external_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "account"
            ADD CONSTRAINT "FK_0c14c43ab642764c4138edbd1e7" FOREIGN KEY ("external_user_id") REFERENCES "external_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "account_session"
            ADD CONSTRAINT "FK_9a04e5f921e1c8ad45bf79772a3" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "headline_post"
            ADD CONSTRAINT "FK_e93c84fb9e3af5065ad2c17ad7f" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "notification"
            ADD CONSTRAINT "FK_b24d909016bd67eef08e0f8e952" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event"
            ADD CONSTRAINT "FK_0603666b9b7d03d22783a2e064d" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "pinned_message"
            ADD CONSTRAINT "FK_76f16c7960f3abf8fe57422c230" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "pinned_message"
            ADD CONSTRAINT "FK_e3814bf1e34d045187c5594b25b" FOREIGN KEY ("author_id") REFERENCES "external_user"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "pinned_message"
            ADD CONSTRAINT "FK_150be86b2479dea1ea0108a0b66" FOREIGN KEY ("timeline_event_id") REFERENCES "timeline_event"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "user_stats"
            ADD CONSTRAINT "FK_89c230d78417428f0dfbd1666cc" FOREIGN KEY ("incident_id") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "user_stats"
            ADD CONSTRAINT "FK_0e0da843088caf61925ded4434e" FOREIGN KEY ("user_id") REFERENCES "external_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "user_stats" DROP CONSTRAINT "FK_0e0da843088caf61925ded4434e"
        `);
    await queryRunner.query(`
            ALTER TABLE "user_stats" DROP CONSTRAINT "FK_89c230d78417428f0dfbd1666cc"
        `);
    await queryRunner.query(`
            ALTER TABLE "pinned_message" DROP CONSTRAINT "FK_150be86b2479dea1ea0108a0b66"
        `);
    await queryRunner.query(`
            ALTER TABLE "pinned_message" DROP CONSTRAINT "FK_e3814bf1e34d045187c5594b25b"
        `);
    await queryRunner.query(`
            ALTER TABLE "pinned_message" DROP CONSTRAINT "FK_76f16c7960f3abf8fe57422c230"
        `);
    await queryRunner.query(`
            ALTER TABLE "timeline_event" DROP CONSTRAINT "FK_0603666b9b7d03d22783a2e064d"
        `);
    await queryRunner.query(`
            ALTER TABLE "notification" DROP CONSTRAINT "FK_b24d909016bd67eef08e0f8e952"
        `);
    await queryRunner.query(`
            ALTER TABLE "headline_post" DROP CONSTRAINT "FK_e93c84fb9e3af5065ad2c17ad7f"
        `);
    await queryRunner.query(`
            ALTER TABLE "account_session" DROP CONSTRAINT "FK_9a04e5f921e1c8ad45bf79772a3"
        `);
    await queryRunner.query(`
            ALTER TABLE "account" DROP CONSTRAINT "FK_0c14c43ab642764c4138edbd1e7"
        `);
    await queryRunner.query(`
            ALTER TABLE "action" DROP CONSTRAINT "FK_7b399dc5cde63184cedc81df36e"
        `);
    await queryRunner.query(`
            ALTER TABLE "action" DROP CONSTRAINT "FK_47daa389d33806ed790358d695b"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident" DROP CONSTRAINT "FK_1d2f6d6bf89e3f64352721d3ed4"
        `);
    await queryRunner.query(`
            ALTER TABLE "incident" DROP CONSTRAINT "FK_f7729d87e71dfaefd054c64f1f5"
        `);
    await queryRunner.query(`
            ALTER TABLE "comms_channel" DROP CONSTRAINT "FK_259248a452a328b93ced0b66c95"
        `);
    await queryRunner.query(`
            DROP TABLE "user_stats"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_slack_processed_event_received"
        `);
    await queryRunner.query(`
            DROP TABLE "slack_processed_event"
        `);
    await queryRunner.query(`
            DROP TABLE "pinned_message"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_timeline_event_incident_timestamp"
        `);
    await queryRunner.query(`
            DROP TABLE "timeline_event"
        `);
    await queryRunner.query(`
            DROP TABLE "notification"
        `);
    await queryRunner.query(`
            DROP TABLE "headline_post"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_outbox_message_pending"
        `);
    await queryRunner.query(`
            DROP TABLE "outbox_message"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_event_timestamp"
        `);
    await queryRunner.query(`
            DROP TABLE "event"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_account_session_expires"
        `);
    await queryRunner.query(`
            DROP TABLE "account_session"
        `);
    await queryRunner.query(`
            DROP TABLE "account"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_action_incident"
        `);
    await queryRunner.query(`
            DROP TABLE "action"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_incident_report_time"
        `);
    await queryRunner.query(`
            DROP TABLE "incident"
        `);
    await queryRunner.query(`
            DROP TABLE "external_user"
        `);
    await queryRunner.query(`
            DROP TABLE "comms_channel"
        `);
  }
}
