import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiKeys1795332910990 implements MigrationInterface {
  name = 'CreateApiKeys1795332910990';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
      CREATE TABLE "api_keys" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" character varying(100) NOT NULL,
        "role" character varying(16) NOT NULL,
        "key_hash" character(64) NOT NULL,
        "key_prefix" character varying(16) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"),
        CONSTRAINT "ck_api_keys_role" CHECK ("role" IN ('admin', 'manager', 'viewer'))
      )
    `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_api_keys_key_hash" ON "api_keys" ("key_hash")`,
    );
    // Names are unique among keys in use; a revoked key's name can be given to its replacement.
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_api_keys_name" ON "api_keys" (lower("name")) WHERE "revoked_at" IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
