import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateImports1795334611242 implements MigrationInterface {
  name = 'CreateImports1795334611242';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "imports" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "status" character varying(16) NOT NULL,
        "file_name" character varying(255) NOT NULL,
        "file_size" bigint NOT NULL,
        "dry_run" boolean NOT NULL,
        "on_duplicate" character varying(8) NOT NULL,
        "delimiter" character varying(1) NOT NULL,
        "header" jsonb NOT NULL,
        "column_fields" jsonb NOT NULL,
        "unknown_columns" jsonb NOT NULL,
        "total_rows" integer NOT NULL,
        "processed_rows" integer NOT NULL DEFAULT '0',
        "last_row" integer NOT NULL DEFAULT '1',
        "created" integer NOT NULL DEFAULT '0',
        "updated" integer NOT NULL DEFAULT '0',
        "skipped" integer NOT NULL DEFAULT '0',
        "failed" integer NOT NULL DEFAULT '0',
        "failure_reason" text,
        "job_id" uuid,
        "run_token" uuid,
        "attempts" integer NOT NULL DEFAULT '0',
        "heartbeat_at" TIMESTAMP WITH TIME ZONE,
        "started_by_key_id" uuid,
        "started_by_name" character varying(100) NOT NULL,
        "request_id" character varying(128),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "started_at" TIMESTAMP WITH TIME ZONE,
        "finished_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_ea10c62f5eb1d75e83d8b5225db" PRIMARY KEY ("id"),
        CONSTRAINT "ck_imports_status"
          CHECK ("status" IN ('queued', 'processing', 'completed', 'failed', 'cancelled')),
        CONSTRAINT "ck_imports_on_duplicate" CHECK ("on_duplicate" IN ('skip', 'update', 'error'))
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "ix_imports_created_at" ON "imports" ("created_at", "id")`,
    );
    // The recovery sweep looks for processing imports whose heartbeat is old.
    await queryRunner.query(
      `CREATE INDEX "ix_imports_status_heartbeat" ON "imports" ("status", "heartbeat_at")`,
    );
    await queryRunner.query(`
      CREATE TABLE "import_file_chunks" (
        "import_id" uuid NOT NULL,
        "seq" integer NOT NULL,
        "data" bytea NOT NULL,
        CONSTRAINT "pk_import_file_chunks" PRIMARY KEY ("import_id", "seq"),
        CONSTRAINT "fk_import_file_chunks_import" FOREIGN KEY ("import_id")
          REFERENCES "imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(`
      CREATE TABLE "import_row_errors" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "import_id" uuid NOT NULL,
        "row" integer NOT NULL,
        "column" character varying(255),
        "value" text,
        "code" character varying(64) NOT NULL,
        "message" text NOT NULL,
        CONSTRAINT "PK_8a45918af12a5335e72f357268d" PRIMARY KEY ("id"),
        CONSTRAINT "fk_import_row_errors_import" FOREIGN KEY ("import_id")
          REFERENCES "imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "ix_import_row_errors_import_row" ON "import_row_errors" ("import_id", "row", "id")`,
    );
    await queryRunner.query(`
      CREATE TABLE "import_failed_rows" (
        "import_id" uuid NOT NULL,
        "row" integer NOT NULL,
        "cells" jsonb NOT NULL,
        "error" text NOT NULL,
        CONSTRAINT "pk_import_failed_rows" PRIMARY KEY ("import_id", "row"),
        CONSTRAINT "fk_import_failed_rows_import" FOREIGN KEY ("import_id")
          REFERENCES "imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "import_failed_rows"`);
    await queryRunner.query(`DROP TABLE "import_row_errors"`);
    await queryRunner.query(`DROP TABLE "import_file_chunks"`);
    await queryRunner.query(`DROP TABLE "imports"`);
  }
}
