import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The list's sort indexes become one partial index per status: the whole-table ones
 * (ix_customers_company, _created, _orders) are replaced by archived-only ones. A new customer
 * (active) then maintains three sort indexes instead of six, which is a quarter of an
 * import's insert cost; `status=all` merges the active and the archived index scans.
 */
export class SortIndexesPerStatus1795405098241 implements MigrationInterface {
  name = 'SortIndexesPerStatus1795405098241';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_customers_archived_company" ON "customers" (lower("company_name"), "id") WHERE "status" = 'archived'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customers_archived_created" ON "customers" ("created_at", "id") WHERE "status" = 'archived'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customers_archived_orders" ON "customers" ("active_orders_count", "id") WHERE "status" = 'archived'`,
    );
    await queryRunner.query(`DROP INDEX "ix_customers_company"`);
    await queryRunner.query(`DROP INDEX "ix_customers_created"`);
    await queryRunner.query(`DROP INDEX "ix_customers_orders"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_customers_company" ON "customers" (lower("company_name"), "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customers_created" ON "customers" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customers_orders" ON "customers" ("active_orders_count", "id")`,
    );
    await queryRunner.query(`DROP INDEX "ix_customers_archived_company"`);
    await queryRunner.query(`DROP INDEX "ix_customers_archived_created"`);
    await queryRunner.query(`DROP INDEX "ix_customers_archived_orders"`);
  }
}
