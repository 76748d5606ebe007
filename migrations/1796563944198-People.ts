import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People who sign in (users), their sessions (the cookie's id stored as SHA-256), one-time
 * setup and set-password links, and audit entries that say which kind of actor made them.
 */
export class People1796563944198 implements MigrationInterface {
  name = 'People1796563944198';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "users" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "email" character varying(254) NOT NULL,
                "name" character varying(100) NOT NULL,
                "role" character varying(16) NOT NULL,
                "password_hash" text,
                "disabled_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "last_sign_in_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email")
        `);
    await queryRunner.query(`
            CREATE TABLE "sessions" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "token_hash" character varying(64) NOT NULL,
                "user_id" uuid NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "user_agent" character varying(300),
                CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "uq_sessions_token_hash" ON "sessions" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_sessions_user_id" ON "sessions" ("user_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "user_tokens" (
                "token_hash" character varying(64) NOT NULL,
                "purpose" character varying(16) NOT NULL,
                "user_id" uuid,
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ebdd918653813b59cdd5d379b5b" PRIMARY KEY ("token_hash")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_entries"
            ADD "actor_user_id" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_entries"
            ADD "actor_type" character varying(16) NOT NULL DEFAULT 'api_key'
        `);
    await queryRunner.query(`
            ALTER TABLE "sessions"
            ADD CONSTRAINT "fk_sessions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "sessions" DROP CONSTRAINT "fk_sessions_user"
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_entries" DROP COLUMN "actor_type"
        `);
    await queryRunner.query(`
            ALTER TABLE "audit_entries" DROP COLUMN "actor_user_id"
        `);
    await queryRunner.query(`
            DROP TABLE "user_tokens"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_sessions_user_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_sessions_token_hash"
        `);
    await queryRunner.query(`
            DROP TABLE "sessions"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."uq_users_email"
        `);
    await queryRunner.query(`
            DROP TABLE "users"
        `);
  }
}
