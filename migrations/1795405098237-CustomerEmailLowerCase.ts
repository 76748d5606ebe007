import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unique index on email is case-insensitive only because every write path lower-cases
 * the email; the database now refuses one that is not, so no path (an import, a script) can
 * slip a differently-cased duplicate past `uq_customers_email`.
 */
export class CustomerEmailLowerCase1795405098237 implements MigrationInterface {
  name = 'CustomerEmailLowerCase1795405098237';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "customers" ADD CONSTRAINT "ck_customers_email_lower" CHECK ("email" = lower("email"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "customers" DROP CONSTRAINT "ck_customers_email_lower"`);
  }
}
