import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1795334334651 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1795334334651';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The primary key is what makes claiming a key race-safe (INSERT ... ON CONFLICT).
    await queryRunner.query(`
      CREATE TABLE "idempotency_keys" (
        "api_key_id" uuid NOT NULL,
        "idempotency_key" character varying(255) NOT NULL,
        "request_hash" character(64) NOT NULL,
        "lock_token" uuid,
        "locked_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "response_status" smallint,
        "response_headers" jsonb,
        "response_body" json,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "pk_idempotency_keys" PRIMARY KEY ("api_key_id", "idempotency_key")
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "ix_idempotency_keys_created_at" ON "idempotency_keys" ("created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }
}
