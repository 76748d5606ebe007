import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import type { CustomerUpdate } from './customer-changes';
import { Customer } from './customer.entity';
import type { CustomerFields } from './customers.repository';

/** The column each editable field is stored in. */
const UPDATABLE_COLUMNS: Record<keyof CustomerFields, string> = {
  companyName: 'company_name',
  contactName: 'contact_name',
  email: 'email',
  phone: 'phone',
  billingAddress: 'billing_address',
  shippingAddress: 'shipping_address',
  taxExempt: 'tax_exempt',
  notes: 'notes',
  tags: 'tags',
};

/**
 * Set-at-a-time writes for the CSV import (src/imports: ImportBatchWriter). Runs inside the
 * caller's transaction; search text and counters stay right through the table's triggers.
 */
@Injectable()
export class CustomersBulkRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get customers() {
    return this.txHost.tx.getRepository(Customer);
  }

  /** Customers with any of these (lower-cased) emails. */
  async findByEmails(
    emails: string[],
  ): Promise<{ id: string; email: string; archived: boolean }[]> {
    if (emails.length === 0) return [];
    const rows = await this.customers.find({
      select: { id: true, email: true, status: true },
      where: { email: In(emails) },
    });
    return rows.map((row) => ({
      id: row.id,
      email: row.email,
      archived: row.status === 'archived',
    }));
  }

  /**
   * One INSERT; rows whose email is taken (even meanwhile) are skipped: ON CONFLICT DO NOTHING.
   * The rows travel as one JSON parameter: building a 1,000-row VALUES list through TypeORM's
   * query builder cost more CPU than the database spent on the insert. Rows go in email order,
   * so two imports inserting some of the same new emails wait for each other instead of
   * deadlocking (each takes the emails' index entries in the same order).
   */
  async insertMany(rows: CustomerFields[]): Promise<{ id: string; email: string }[]> {
    if (rows.length === 0) return [];
    const inserted: { id: string; email: string }[] = await this.txHost.tx.query(
      `INSERT INTO customers (company_name, contact_name, email, phone, billing_address,
         shipping_address, tax_exempt, notes, tags, version)
       SELECT r."companyName", r."contactName", r.email, r.phone, r."billingAddress",
         r."shippingAddress", r."taxExempt", r.notes, r.tags, 1
       FROM jsonb_to_recordset($1::jsonb) AS r("companyName" text, "contactName" text,
         email text, phone text, "billingAddress" jsonb, "shippingAddress" jsonb,
         "taxExempt" boolean, notes text, tags text[])
       ORDER BY r.email
       ON CONFLICT DO NOTHING
       RETURNING id, email`,
      [JSON.stringify(rows)],
    );
    return inserted.map((row) => ({ id: String(row.id), email: String(row.email) }));
  }

  /**
   * The customers with these ids, locked for update when `lock` (in id order, so two
   * transactions locking some of the same customers wait rather than deadlock).
   */
  async findByIds(ids: string[], { lock }: { lock: boolean }): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const query = this.customers
      .createQueryBuilder('c')
      .where('c.id IN (:...ids)', { ids })
      .orderBy('c.id');
    return (lock ? query.setLock('pessimistic_write') : query).getMany();
  }

  /** Overwrites the given fields of these customers, in one UPDATE (version + 1). */
  async updateMany(
    updates: readonly CustomerUpdate[],
    fields: readonly (keyof CustomerFields)[],
  ): Promise<void> {
    if (updates.length === 0) return;
    const rows = updates.map((update) => ({ ...update.customer, id: update.id }));
    await this.txHost.tx.query(
      `UPDATE customers c
       SET ${fields.map((field) => `${UPDATABLE_COLUMNS[field]} = r."${field}"`).join(', ')},
         version = c.version + 1, updated_at = now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "companyName" text, "contactName" text,
         email text, phone text, "billingAddress" jsonb, "shippingAddress" jsonb,
         "taxExempt" boolean, notes text, tags text[])
       WHERE c.id = r.id`,
      [JSON.stringify(rows)],
    );
  }
}
