import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { type Address, Customer } from './customer.entity';
import type { CustomerSort, CustomerStatusFilter } from './dto/customer-query.dto';

/** The editable fields, normalised (see customer-rules.ts). */
export interface CustomerFields {
  companyName: string;
  contactName: string;
  email: string;
  phone: string | null;
  billingAddress: Address | null;
  shippingAddress: Address | null;
  taxExempt: boolean;
  notes: string | null;
  tags: string[];
}

/** Where a keyset page starts: after the row with this sort key and id. */
export interface ListPosition {
  key: string | number;
  id: string;
}

export interface CustomerListFilter {
  status: CustomerStatusFilter;
  sort: CustomerSort;
  /** A LIKE pattern against the lower-cased search text (see `searchPattern`). */
  searchPattern?: string;
  after?: ListPosition;
}

export interface CustomerListRow {
  customer: Customer;
  /** The row's sort key, as text for timestamps (microseconds survive the cursor). */
  sortKey: string | number;
  /** With a search: how many customers match in all (the CTE has them anyway). */
  matchCount?: number;
}

/** Counting stops here; above it the planner's estimate is reported instead. */
export const EXACT_COUNT_LIMIT = 10_000;

interface SortSpec {
  expression: string;
  keyType: 'text' | 'timestamptz' | 'integer';
  direction: 'ASC' | 'DESC';
}

const SORT_SPECS: Record<CustomerSort, SortSpec> = {
  companyName: { expression: 'lower(c.company_name)', keyType: 'text', direction: 'ASC' },
  '-companyName': { expression: 'lower(c.company_name)', keyType: 'text', direction: 'DESC' },
  createdAt: { expression: 'c.created_at', keyType: 'timestamptz', direction: 'ASC' },
  '-createdAt': { expression: 'c.created_at', keyType: 'timestamptz', direction: 'DESC' },
  activeOrdersCount: { expression: 'c.active_orders_count', keyType: 'integer', direction: 'ASC' },
  '-activeOrdersCount': {
    expression: 'c.active_orders_count',
    keyType: 'integer',
    direction: 'DESC',
  },
};

// Literals, not parameters, so the planner can match the partial indexes' predicate.
const STATUS_CONDITIONS: Record<CustomerStatusFilter, string> = {
  active: `c.status = 'active'`,
  archived: `c.status = 'archived'`,
  all: 'TRUE',
};

type Row = Record<string, unknown>;

function toCustomer(row: Row): Customer {
  return Object.assign(new Customer(), {
    id: row.id,
    companyName: row.company_name,
    contactName: row.contact_name,
    email: row.email,
    phone: row.phone,
    phoneDigits: row.phone_digits,
    billingAddress: row.billing_address,
    shippingAddress: row.shipping_address,
    taxExempt: row.tax_exempt,
    notes: row.notes,
    tags: row.tags,
    status: row.status,
    archivedAt: row.archived_at,
    activeOrdersCount: row.active_orders_count,
    totalOrdersCount: row.total_orders_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  } as Partial<Customer>);
}

const COLUMNS = `c.id, c.company_name, c.contact_name, c.email, c.phone, c.phone_digits,
  c.billing_address, c.shipping_address, c.tax_exempt, c.notes, c.tags, c.status, c.archived_at,
  c.active_orders_count, c.total_orders_count, c.created_at, c.updated_at, c.version`;

@Injectable()
export class CustomersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get customers() {
    return this.txHost.tx.getRepository(Customer);
  }

  findById(id: string): Promise<Customer | null> {
    return this.customers.findOneBy({ id });
  }

  /** Reads and locks the row until the transaction ends (archive, restore, edits). */
  lockById(id: string): Promise<Customer | null> {
    return this.customers
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id', { id })
      .getOne();
  }

  async insert(fields: CustomerFields): Promise<Customer> {
    const result = await this.customers.insert(fields);
    return (await this.findById(String(result.identifiers[0].id))) as Customer;
  }

  /**
   * Compare-and-set: writes only if the row still has `version` (bumping it). False when
   * someone else changed it first.
   */
  async updateIfVersion(
    id: string,
    version: number,
    changes: QueryDeepPartialEntity<Customer>,
  ): Promise<boolean> {
    const result = await this.customers.update({ id, version }, changes);
    return result.affected === 1;
  }

  markArchived(id: string, version: number): Promise<boolean> {
    return this.updateIfVersion(id, version, { status: 'archived', archivedAt: () => 'now()' });
  }

  markRestored(id: string, version: number): Promise<boolean> {
    return this.updateIfVersion(id, version, { status: 'active', archivedAt: null });
  }

  /**
   * One keyset page (`limit` rows). With a search, the matching ids are collected first
   * through the trigram index (a MATERIALIZED CTE, so the planner cannot instead walk a sort
   * index hoping to meet matches early: for a rare term that walk reads the whole table), then
   * sorted and cut; the page cost grows with the number of matches, not with the table.
   */
  async findPage(filter: CustomerListFilter, limit: number): Promise<CustomerListRow[]> {
    const sort = SORT_SPECS[filter.sort];
    const status = STATUS_CONDITIONS[filter.status];
    const comparison = sort.direction === 'ASC' ? '>' : '<';
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const keyText = sort.keyType === 'timestamptz' ? '::text' : '';
    let sql: string;
    if (filter.searchPattern) {
      const pattern = param(filter.searchPattern);
      const after = filter.after
        ? `WHERE (m.sort_key, m.id) ${comparison} (${param(filter.after.key)}::${sort.keyType}, ${param(filter.after.id)}::uuid)`
        : '';
      sql = `
        WITH matches AS MATERIALIZED (
          SELECT c.id, ${sort.expression} AS sort_key FROM customers c
          WHERE c.search_text LIKE ${pattern} AND ${status}
        ), page AS (
          SELECT m.id, m.sort_key FROM matches m ${after}
          ORDER BY m.sort_key ${sort.direction}, m.id ${sort.direction}
          LIMIT ${param(limit)}
        )
        SELECT ${COLUMNS}, p.sort_key${keyText} AS sort_key,
          (SELECT count(*)::int FROM matches) AS match_count
        FROM page p JOIN customers c ON c.id = p.id
        ORDER BY p.sort_key ${sort.direction}, p.id ${sort.direction}`;
    } else {
      const after = filter.after
        ? `AND (${sort.expression}, c.id) ${comparison} (${param(filter.after.key)}::${sort.keyType}, ${param(filter.after.id)}::uuid)`
        : '';
      sql = `
        SELECT ${COLUMNS}, ${sort.expression}${keyText} AS sort_key
        FROM customers c
        WHERE ${status} ${after}
        ORDER BY ${sort.expression} ${sort.direction}, c.id ${sort.direction}
        LIMIT ${param(limit)}`;
    }
    const rows = await this.txHost.tx.query<Row[]>(sql, params);
    return rows.map((row) => ({
      customer: toCustomer(row),
      sortKey: row.sort_key as string | number,
      matchCount: row.match_count as number | undefined,
    }));
  }

  /**
   * How many customers match: exact up to EXACT_COUNT_LIMIT, otherwise the planner's row
   * estimate (an exact count of hundreds of thousands costs a second at scale).
   */
  async countMatches(
    filter: Pick<CustomerListFilter, 'status' | 'searchPattern'>,
  ): Promise<{ total: number; exact: boolean }> {
    const status = STATUS_CONDITIONS[filter.status];
    const where = filter.searchPattern ? `${status} AND c.search_text LIKE $1` : status;
    const params = filter.searchPattern ? [filter.searchPattern] : [];
    const counted = await this.txHost.tx.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM customers c WHERE ${where} LIMIT ${EXACT_COUNT_LIMIT + 1}) s`,
      params,
    );
    if (counted[0].n <= EXACT_COUNT_LIMIT) return { total: counted[0].n, exact: true };
    const plan = await this.txHost.tx.query<
      { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]
    >(`EXPLAIN (FORMAT JSON) SELECT 1 FROM customers c WHERE ${where}`, params);
    const estimate = Math.round(plan[0]['QUERY PLAN'][0].Plan['Plan Rows']);
    return { total: Math.max(estimate, EXACT_COUNT_LIMIT + 1), exact: false };
  }
}
