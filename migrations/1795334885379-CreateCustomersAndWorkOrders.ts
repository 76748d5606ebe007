import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCustomersAndWorkOrders1795334885379 implements MigrationInterface {
  name = 'CreateCustomersAndWorkOrders1795334885379';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "customers" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "company_name" character varying(200) NOT NULL,
        "contact_name" character varying(200) NOT NULL,
        "email" character varying(254) NOT NULL,
        "phone" character varying(40),
        "phone_digits" character varying(40),
        "billing_address" jsonb,
        "shipping_address" jsonb,
        "tax_exempt" boolean NOT NULL DEFAULT false,
        "notes" text,
        "tags" text array NOT NULL DEFAULT '{}',
        "status" character varying(16) NOT NULL DEFAULT 'active',
        "archived_at" TIMESTAMP WITH TIME ZONE,
        "active_orders_count" integer NOT NULL DEFAULT '0',
        "total_orders_count" integer NOT NULL DEFAULT '0',
        "search_text" text NOT NULL DEFAULT '',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_customers_order_counts" CHECK (
          "active_orders_count" >= 0 AND "total_orders_count" >= "active_orders_count"
        ),
        CONSTRAINT "ck_customers_status" CHECK ("status" IN ('active', 'archived')),
        CONSTRAINT "PK_133ec679a801fab5e070f73d3ea" PRIMARY KEY ("id")
      )
    `);
    // Emails are stored lower-cased by the service, so a plain unique index is case-insensitive.
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_customers_email" ON "customers" ("email")`);
    // Keyset list orders: partial for the default active list, full for status=archived|all.
    await queryRunner.query(
      `CREATE INDEX "ix_customers_active_company" ON "customers" (lower("company_name"), "id") WHERE "status" = 'active'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customers_active_created" ON "customers" ("created_at", "id") WHERE "status" = 'active'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customers_active_orders" ON "customers" ("active_orders_count", "id") WHERE "status" = 'active'`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customers_company" ON "customers" (lower("company_name"), "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customers_created" ON "customers" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_customers_orders" ON "customers" ("active_orders_count", "id")`,
    );
    // One search column, one trigram index: the search plan does not hinge on which of three
    // indexes the planner believes in.
    await queryRunner.query(
      `CREATE INDEX "ix_customers_search_trgm" ON "customers" USING gin ("search_text" gin_trgm_ops)`,
    );
    // search_text and phone_digits are derived in the database, so every write path (the API,
    // CSV imports, the seed) keeps them right. The field separator cannot be typed in a search.
    await queryRunner.query(`
      CREATE FUNCTION customers_derive_search() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.phone_digits := nullif(regexp_replace(coalesce(NEW.phone, ''), '[^0-9]', '', 'g'), '');
        NEW.search_text := lower(
          NEW.company_name || chr(1) || NEW.contact_name || chr(1) || NEW.email
          || chr(1) || coalesce(NEW.phone_digits, '')
        );
        RETURN NEW;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER customers_derive_search
      BEFORE INSERT OR UPDATE OF company_name, contact_name, email, phone ON "customers"
      FOR EACH ROW EXECUTE FUNCTION customers_derive_search()
    `);

    await queryRunner.query(`
      CREATE TABLE "work_orders" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "number" BIGSERIAL NOT NULL,
        "customer_id" uuid NOT NULL,
        "title" character varying(200) NOT NULL,
        "quantity" integer NOT NULL,
        "due_date" date,
        "status" character varying(16) NOT NULL DEFAULT 'pending',
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "version" integer NOT NULL,
        CONSTRAINT "ck_work_orders_quantity" CHECK ("quantity" > 0),
        CONSTRAINT "ck_work_orders_status" CHECK (
          "status" IN ('pending', 'in_production', 'completed', 'cancelled')
        ),
        CONSTRAINT "PK_29f6c1884082ee6f535aed93660" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_work_orders_number" ON "work_orders" ("number")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_orders_customer_status" ON "work_orders" ("customer_id", "status")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_work_orders_customer_created" ON "work_orders" ("customer_id", "created_at" DESC, "id" DESC)`,
    );
    await queryRunner.query(`
      ALTER TABLE "work_orders"
      ADD CONSTRAINT "fk_work_orders_customer" FOREIGN KEY ("customer_id") REFERENCES "customers"("id")
      ON DELETE RESTRICT ON UPDATE NO ACTION
    `);
    // The customer's order counters follow every insert, status change and delete of its work
    // orders in the same statement (statement-level, so a bulk insert costs one UPDATE).
    await queryRunner.query(`
      CREATE FUNCTION work_orders_count_orders() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE "customers" c
          SET active_orders_count = c.active_orders_count - d.active,
              total_orders_count = c.total_orders_count - d.total
          FROM (
            SELECT customer_id, count(*) AS total,
                   count(*) FILTER (WHERE status IN ('pending', 'in_production')) AS active
            FROM old_rows GROUP BY customer_id
          ) d
          WHERE c.id = d.customer_id;
        END IF;
        IF TG_OP IN ('UPDATE', 'INSERT') THEN
          UPDATE "customers" c
          SET active_orders_count = c.active_orders_count + d.active,
              total_orders_count = c.total_orders_count + d.total
          FROM (
            SELECT customer_id, count(*) AS total,
                   count(*) FILTER (WHERE status IN ('pending', 'in_production')) AS active
            FROM new_rows GROUP BY customer_id
          ) d
          WHERE c.id = d.customer_id;
        END IF;
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER work_orders_count_inserted AFTER INSERT ON "work_orders"
      REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION work_orders_count_orders()
    `);
    await queryRunner.query(`
      CREATE TRIGGER work_orders_count_updated AFTER UPDATE ON "work_orders"
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION work_orders_count_orders()
    `);
    await queryRunner.query(`
      CREATE TRIGGER work_orders_count_deleted AFTER DELETE ON "work_orders"
      REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION work_orders_count_orders()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "work_orders"`);
    await queryRunner.query(`DROP FUNCTION work_orders_count_orders()`);
    await queryRunner.query(`DROP TABLE "customers"`);
    await queryRunner.query(`DROP FUNCTION customers_derive_search()`);
  }
}
