import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer audit index entries per row, every query shape still indexed:
 * - A customer's own entries are in the customer index already (its `customer_id` is its
 *   `entity_id`), so the entity index leaves them out; an entityId filter reads both.
 * - `occurred_at` follows insertion order, so a BRIN index (a few pages for the whole table,
 *   not an entry per row) narrows a from/to filter as well as the B-tree did.
 * An import writes one entry per row: 7 B-tree entries per row become 5.
 */
export class AuditEntriesFewerIndexesPerRow1797100000001 implements MigrationInterface {
  name = 'AuditEntriesFewerIndexesPerRow1797100000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_entries_entity_id"`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_entity_id" ON "audit_entries" ("entity_id", "seq") WHERE "customer_id" IS DISTINCT FROM "entity_id"`,
    );
    await queryRunner.query(`DROP INDEX "ix_audit_entries_occurred_at"`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_occurred_at" ON "audit_entries" USING brin ("occurred_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_audit_entries_occurred_at"`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_occurred_at" ON "audit_entries" ("occurred_at")`,
    );
    await queryRunner.query(`DROP INDEX "ix_audit_entries_entity_id"`);
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_entity_id" ON "audit_entries" ("entity_id", "seq")`,
    );
  }
}
