import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploads stored outside one long transaction (status `uploading` until the file is checked),
 * and in-file duplicate detection in the database instead of in memory.
 */
export class ImportUploadsAndSeenEmails1795405004954 implements MigrationInterface {
  name = 'ImportUploadsAndSeenEmails1795405004954';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "imports" DROP CONSTRAINT "ck_imports_status"`);
    await queryRunner.query(`
      ALTER TABLE "imports" ADD CONSTRAINT "ck_imports_status"
        CHECK ("status" IN ('uploading', 'queued', 'processing', 'completed', 'failed', 'cancelled'))
    `);
    await queryRunner.query(`
      CREATE TABLE "import_seen_emails" (
        "import_id" uuid NOT NULL,
        "email" text NOT NULL,
        "row" integer NOT NULL,
        CONSTRAINT "pk_import_seen_emails" PRIMARY KEY ("import_id", "email"),
        CONSTRAINT "fk_import_seen_emails_import" FOREIGN KEY ("import_id")
          REFERENCES "imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION
      )
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "import_seen_emails"`);
    await queryRunner.query(`DELETE FROM "imports" WHERE "status" = 'uploading'`);
    await queryRunner.query(`ALTER TABLE "imports" DROP CONSTRAINT "ck_imports_status"`);
    await queryRunner.query(`
      ALTER TABLE "imports" ADD CONSTRAINT "ck_imports_status"
        CHECK ("status" IN ('queued', 'processing', 'completed', 'failed', 'cancelled'))
    `);
  }
}
