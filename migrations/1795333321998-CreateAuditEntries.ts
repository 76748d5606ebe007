import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAuditEntries1795333321998 implements MigrationInterface {
  name = 'CreateAuditEntries1795333321998';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "audit_entries" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "entity_type" character varying(32) NOT NULL,
        "entity_id" uuid NOT NULL,
        "action" character varying(64) NOT NULL,
        "changes" jsonb,
        "actor_key_id" uuid,
        "actor_name" character varying(100) NOT NULL,
        "request_id" character varying(128),
        "metadata" jsonb,
        "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_6b1623bcad4d04530b76548d619" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_audit_entries_seq" ON "audit_entries" ("seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_occurred_at" ON "audit_entries" ("occurred_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_action" ON "audit_entries" ("action", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_actor" ON "audit_entries" ("actor_key_id", "seq")`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_audit_entries_entity" ON "audit_entries" ("entity_type", "entity_id", "seq")`,
    );
    // Append-only: the database itself refuses to rewrite or erase history.
    await queryRunner.query(`
      CREATE FUNCTION audit_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_no_update_delete BEFORE UPDATE OR DELETE ON "audit_entries"
      FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()
    `);
    await queryRunner.query(`
      CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "audit_entries"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_append_only()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_entries"`);
    await queryRunner.query(`DROP FUNCTION audit_entries_append_only()`);
  }
}
