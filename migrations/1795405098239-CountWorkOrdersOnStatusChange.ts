import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order counters used to be rewritten on every UPDATE of work_orders (two UPDATEs of the
 * customer row, each rewriting every customer index, the trigram GIN included), even for a
 * title change. Now the trigger fires only when status or customer_id really changes, and
 * writes the customer only when a counter moves (pending → in_production moves none).
 */
export class CountWorkOrdersOnStatusChange1795405098239 implements MigrationInterface {
  name = 'CountWorkOrdersOnStatusChange1795405098239';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION work_orders_count_status_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        was_active int := (OLD.status IN ('pending', 'in_production'))::int;
        is_active int := (NEW.status IN ('pending', 'in_production'))::int;
      BEGIN
        IF OLD.customer_id = NEW.customer_id THEN
          IF is_active <> was_active THEN
            UPDATE "customers"
            SET active_orders_count = active_orders_count + is_active - was_active
            WHERE id = NEW.customer_id;
          END IF;
        ELSE
          UPDATE "customers"
          SET active_orders_count = active_orders_count - was_active,
              total_orders_count = total_orders_count - 1
          WHERE id = OLD.customer_id;
          UPDATE "customers"
          SET active_orders_count = active_orders_count + is_active,
              total_orders_count = total_orders_count + 1
          WHERE id = NEW.customer_id;
        END IF;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`DROP TRIGGER "work_orders_count_updated" ON "work_orders"`);
    await queryRunner.query(`
      CREATE TRIGGER work_orders_count_updated
      AFTER UPDATE OF status, customer_id ON "work_orders"
      FOR EACH ROW
      WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.customer_id IS DISTINCT FROM NEW.customer_id)
      EXECUTE FUNCTION work_orders_count_status_change()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "work_orders_count_updated" ON "work_orders"`);
    await queryRunner.query(`DROP FUNCTION work_orders_count_status_change()`);
    await queryRunner.query(`
      CREATE TRIGGER work_orders_count_updated AFTER UPDATE ON "work_orders"
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION work_orders_count_orders()
    `);
  }
}
