import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * import_seen_emails loses its foreign key to imports: checking it cost more than writing the
 * row itself (an import writes one per row). Its rows live only while their import runs and
 * are deleted with the import's working data (ImportsRepository.deleteWorkingData).
 */
export class ImportSeenEmailsWithoutForeignKey1795405098242 implements MigrationInterface {
  name = 'ImportSeenEmailsWithoutForeignKey1795405098242';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "import_seen_emails" DROP CONSTRAINT "fk_import_seen_emails_import"`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "import_seen_emails" s
      WHERE NOT EXISTS (SELECT 1 FROM "imports" i WHERE i.id = s.import_id)`);
    await queryRunner.query(
      `ALTER TABLE "import_seen_emails" ADD CONSTRAINT "fk_import_seen_emails_import" FOREIGN KEY ("import_id") REFERENCES "imports"("id") ON DELETE CASCADE`,
    );
  }
}
