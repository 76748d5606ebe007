import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's work orders filtered by status, newest first, read in index order
 * (keyset on created_at, id). It also serves every (customer_id, status) lookup, so it
 * replaces ix_work_orders_customer_status.
 */
export class WorkOrdersCustomerStatusCreatedIndex1795405098240 implements MigrationInterface {
  name = 'WorkOrdersCustomerStatusCreatedIndex1795405098240';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_work_orders_customer_status_created" ON "work_orders" ("customer_id", "status", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(`DROP INDEX "ix_work_orders_customer_status"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_work_orders_customer_status" ON "work_orders" ("customer_id", "status")`,
    );
    await queryRunner.query(`DROP INDEX "ix_work_orders_customer_status_created"`);
  }
}
