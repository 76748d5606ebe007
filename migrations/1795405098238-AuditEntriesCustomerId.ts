import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's activity includes its work orders' entries: `customer_id` names the customer an
 * entry belongs to (the customer itself, or the customer of the work order), indexed for
 * "newest first". The entity index (entity_type, entity_id, seq) becomes (entity_id, seq):
 * ids are unique across types, so it serves an entityId filter with or without entityType.
 */
export class AuditEntriesCustomerId1795405098238 implements MigrationInterface {
  name = 'AuditEntriesCustomerId1795405098238';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entries" ADD "customer_id" uuid`);
    // The table is append-only; the backfill is the one sanctioned rewrite. ALTER TABLE holds
    // an exclusive lock until commit, so no other write happens while the guard is off.
    await queryRunner.query(
      `ALTER TABLE "audit_entries" DISABLE TRIGGER "audit_entries_no_update_delete"`,
    );
    await queryRunner.query(
      `UPDATE "audit_entries" SET "customer_id" = "entity_id" WHERE "entity_type" = 'customer'`,
    );
    await queryRunner.query(`
      UPDATE "audit_entries" a SET "customer_id" = o."customer_id"
      FROM "work_orders" o
      WHERE a."entity_type" = 'work_order' AND o."id" = a."entity_id"
    `);
    await queryRunner.query(
      `ALTER TABLE "audit_entries" ENABLE TRIGGER "audit_entries_no_update_delete"`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_customer" ON "audit_entries" ("customer_id", "seq" DESC) WHERE "customer_id" IS NOT NULL`,
    );
    await queryRunner.query(`DROP INDEX "ix_audit_entries_entity"`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_entity_id" ON "audit_entries" ("entity_id", "seq")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_entries_entity_id"`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_entity" ON "audit_entries" ("entity_type", "entity_id", "seq")`,
    );
    await queryRunner.query(`DROP INDEX "ix_audit_entries_customer"`);
    await queryRunner.query(`ALTER TABLE "audit_entries" DROP COLUMN "customer_id"`);
  }
}
