import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many customers each status has, kept by statement-level triggers, so the list's `total`
 * is exact and costs one tiny read at any size (counting 10,000 index entries per list page
 * cost ~4 ms of database CPU). Each backend writes its own slot (pid % 64) so concurrent
 * creates do not queue on one counter row; readers sum the slots.
 */
export class CountCustomersByStatus1795404952211 implements MigrationInterface {
  name = 'CountCustomersByStatus1795404952211';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "customer_status_counts" (
        "status" character varying(16) NOT NULL,
        "slot" smallint NOT NULL,
        "customers" bigint NOT NULL,
        CONSTRAINT "pk_customer_status_counts" PRIMARY KEY ("status", "slot")
      )
    `);
    // One writer for every trigger: slots are locked in status order, so two writers sharing
    // a slot cannot deadlock, and a status whose count does not move is not written at all.
    await queryRunner.query(`
      CREATE FUNCTION customer_status_counts_add(statuses text[], deltas bigint[])
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO customer_status_counts AS counts (status, slot, customers)
        SELECT status, pg_backend_pid() % 64, sum(delta)
        FROM unnest(statuses, deltas) AS changes(status, delta)
        GROUP BY status
        HAVING sum(delta) <> 0
        ORDER BY status
        ON CONFLICT (status, slot) DO UPDATE SET customers = counts.customers + EXCLUDED.customers
      $$
    `);
    // Transition tables exist only for their trigger's operation: one small function each.
    await queryRunner.query(`
      CREATE FUNCTION customers_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM customer_status_counts_add(array_agg(status), array_agg(1::bigint)) FROM new_rows;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION customers_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM customer_status_counts_add(array_agg(status), array_agg(-1::bigint)) FROM old_rows;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION customers_count_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM customer_status_counts_add(array_agg(status), array_agg(delta))
        FROM (
          SELECT status, 1::bigint AS delta FROM new_rows
          UNION ALL
          SELECT status, -1::bigint FROM old_rows
        ) changes;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE FUNCTION customers_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM customer_status_counts;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER customers_count_inserted AFTER INSERT ON "customers"
      REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION customers_count_inserted()
    `);
    await queryRunner.query(`
      CREATE TRIGGER customers_count_updated AFTER UPDATE ON "customers"
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION customers_count_updated()
    `);
    await queryRunner.query(`
      CREATE TRIGGER customers_count_deleted AFTER DELETE ON "customers"
      REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION customers_count_deleted()
    `);
    await queryRunner.query(`
      CREATE TRIGGER customers_count_truncated AFTER TRUNCATE ON "customers"
      FOR EACH STATEMENT EXECUTE FUNCTION customers_count_truncated()
    `);
    await queryRunner.query(`
      INSERT INTO customer_status_counts (status, slot, customers)
      SELECT status, 0, count(*) FROM customers GROUP BY status
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER customers_count_truncated ON "customers"`);
    await queryRunner.query(`DROP TRIGGER customers_count_deleted ON "customers"`);
    await queryRunner.query(`DROP TRIGGER customers_count_updated ON "customers"`);
    await queryRunner.query(`DROP TRIGGER customers_count_inserted ON "customers"`);
    await queryRunner.query(`DROP FUNCTION customers_count_truncated()`);
    await queryRunner.query(`DROP FUNCTION customers_count_deleted()`);
    await queryRunner.query(`DROP FUNCTION customers_count_inserted()`);
    await queryRunner.query(`DROP FUNCTION customers_count_updated()`);
    await queryRunner.query(`DROP FUNCTION customer_status_counts_add(text[], bigint[])`);
    await queryRunner.query(`DROP TABLE "customer_status_counts"`);
  }
}
