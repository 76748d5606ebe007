import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { auditEntriesParam } from '../audit/audit-sql';
import type { NewAuditEntry } from '../audit/audit.repository';
import { WorkOrder } from '../work-orders/work-order.entity';
import { PreparedStatements } from '../database/prepared-statements';
import { type Address, Customer, type CustomerStatus } from './customer.entity';
import type { CustomerDetail, CustomerSummary } from './customer-views';
import {
  collectableMatchesAmong,
  countedRows,
  CUSTOMER_COLUMNS,
  CUSTOMER_COUNT_SQL,
  DETAIL_SQL,
  estimateStatement,
  INSERT_SQL,
  searchPage,
  SUMMARY_COLUMNS,
  unfilteredPageStatement,
} from './customer-sql';
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
  /** Lower-cased texts of which the search column must contain one (see `searchTerms`). */
  search?: string[];
  after?: ListPosition;
}

export interface CustomerListRow<T extends CustomerSummary = Customer> {
  customer: T;
  /** The row's sort key, as text for timestamps (microseconds survive the cursor). */
  sortKey: string | number;
}

export interface CustomerListPage<T extends CustomerSummary = Customer> {
  rows: CustomerListRow<T>[];
  /**
   * How many customers match in all, when known exactly: always without a search (the status
   * counters), and for a search of at most EXACT_COUNT_LIMIT matches.
   */
  matchCount?: number;
  /** The planner's estimate of the matches, when the search already asked for it. */
  estimatedCount?: number;
}

export { EXACT_COUNT_LIMIT } from './customer-sql';

/** How long the customer count that sizes the collection above may be reused (it is a guide). */
const CUSTOMER_COUNT_TTL_MS = 10_000;

type Row = Record<string, unknown>;

function listRow<T extends CustomerSummary>(row: Row, shape: RowShape<T>): CustomerListRow<T> {
  return { customer: shape.from(row), sortKey: row.sort_key as string | number };
}

function toSummary(row: Row): CustomerSummary {
  return {
    id: row.id as string,
    companyName: row.company_name as string,
    contactName: row.contact_name as string,
    email: row.email as string,
    phone: row.phone as string | null,
    status: row.status as CustomerStatus,
    activeOrdersCount: row.active_orders_count as number,
    totalOrdersCount: row.total_orders_count as number,
    createdAt: row.created_at as Date,
  };
}

// Rows become plain objects of the entity's shape, not `new Customer()`: with ES2022 class
// fields the constructor first defines every column as undefined, and on the detail path that
// cost more than the mapping itself (a CPU profile of GET /customers/:id under load).
function toCustomer(row: Row): Customer {
  return {
    ...toSummary(row),
    phoneDigits: row.phone_digits as string | null,
    billingAddress: row.billing_address as Address | null,
    shippingAddress: row.shipping_address as Address | null,
    taxExempt: row.tax_exempt as boolean,
    notes: row.notes as string | null,
    tags: row.tags as string[],
    archivedAt: row.archived_at as Date | null,
    updatedAt: row.updated_at as Date,
    version: row.version as number,
  } as Customer;
}

/** The columns a page reads and how a row becomes its item. */
interface RowShape<T extends CustomerSummary> {
  columns: string;
  from: (row: Row) => T;
}

const WHOLE_CUSTOMERS: RowShape<Customer> = { columns: CUSTOMER_COLUMNS, from: toCustomer };

// A list page of summaries parses half the columns and no addresses, notes or tags.
const SUMMARIES: RowShape<CustomerSummary> = { columns: SUMMARY_COLUMNS, from: toSummary };

type Json = Record<string, unknown>;

function jsonOrNull(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

function toWorkOrder(json: Json): WorkOrder {
  return {
    ...json,
    createdAt: new Date(json.createdAt as string),
    updatedAt: new Date(json.updatedAt as string),
  } as WorkOrder;
}

function toAuditEntry(json: Json): AuditEntry {
  return { ...json, occurredAt: new Date(json.occurredAt as string) } as AuditEntry;
}

@Injectable()
export class CustomersRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly prepared: PreparedStatements,
  ) {}

  private customerCount = { value: 0, readAt: Number.NEGATIVE_INFINITY };

  private get customers() {
    return this.txHost.tx.getRepository(Customer);
  }

  findById(id: string): Promise<Customer | null> {
    return this.customers.findOneBy({ id });
  }

  async findDetail(id: string, recent: number): Promise<CustomerDetail | null> {
    const rows = await this.prepared.query<Row>(DETAIL_SQL, [id, recent]);
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      customer: toCustomer(row),
      recentWorkOrders: (row.recent_work_orders as Json[]).map(toWorkOrder),
      recentActivity: (row.recent_activity as Json[]).map(toAuditEntry),
    };
  }

  /** Reads and locks the row until the transaction ends (archive, restore, edits). */
  lockById(id: string): Promise<Customer | null> {
    return this.customers
      .createQueryBuilder('c')
      .setLock('pessimistic_write')
      .where('c.id = :id', { id })
      .getOne();
  }

  /**
   * Locks the customer against archiving until the transaction ends (FOR NO KEY UPDATE
   * conflicts with the archive's FOR UPDATE) and returns its status; null if it does not exist.
   */
  async lockForNewWorkOrder(id: string): Promise<CustomerStatus | null> {
    const rows = await this.txHost.tx.query<{ status: CustomerStatus }[]>(
      'SELECT status FROM customers WHERE id = $1 FOR NO KEY UPDATE',
      [id],
    );
    return rows[0]?.status ?? null;
  }

  /** The new customer and its `created` entry, in one statement (one round trip). */
  async insert(id: string, fields: CustomerFields, created: NewAuditEntry): Promise<Customer> {
    const rows = await this.prepared.query<Row>(INSERT_SQL, [
      id,
      fields.companyName,
      fields.contactName,
      fields.email,
      fields.phone,
      jsonOrNull(fields.billingAddress),
      jsonOrNull(fields.shippingAddress),
      fields.taxExempt,
      fields.notes,
      fields.tags,
      auditEntriesParam([created]),
    ]);
    return toCustomer(rows[0]);
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

  /** One keyset page (`limit` rows) in the filter's order; a search pages as `searchPage` plans. */
  findPage(filter: CustomerListFilter, limit: number): Promise<CustomerListPage> {
    return this.findPageOf(filter, limit, WHOLE_CUSTOMERS);
  }

  /** As `findPage`, with only what a list row shows. */
  findSummaryPage(
    filter: CustomerListFilter,
    limit: number,
  ): Promise<CustomerListPage<CustomerSummary>> {
    return this.findPageOf(filter, limit, SUMMARIES);
  }

  private async findPageOf<T extends CustomerSummary>(
    filter: CustomerListFilter,
    limit: number,
    shape: RowShape<T>,
  ): Promise<CustomerListPage<T>> {
    if (!filter.search) return this.findUnfilteredPage(filter, limit, shape);
    const found = await searchPage(
      filter,
      filter.search,
      limit,
      await this.collectableMatches(),
      shape.columns,
      (statement) => this.txHost.tx.query<Row[]>(statement.text, statement.values),
    );
    const rows = found.rows.map((row) => listRow(row, shape));
    return { rows, matchCount: found.matchCount, estimatedCount: found.estimatedCount };
  }

  /** How many matches a search collects and sorts (see COLLECTED_SEARCH_SHARE). */
  private async collectableMatches(): Promise<number> {
    if (Date.now() - this.customerCount.readAt > CUSTOMER_COUNT_TTL_MS) {
      const rows = await this.prepared.query<{ customers: number }>(CUSTOMER_COUNT_SQL, []);
      this.customerCount = { value: rows[0].customers, readAt: Date.now() };
    }
    return collectableMatchesAmong(this.customerCount.value);
  }

  /** The planner's estimate of how many customers a search matches (for large counts). */
  async estimateMatches(filter: CustomerListFilter): Promise<number> {
    const { text, values } = estimateStatement(filter);
    const plan = await this.txHost.tx.query<
      { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]
    >(text, values);
    return Math.round(plan[0]['QUERY PLAN'][0].Plan['Plan Rows']);
  }

  /**
   * A page and the exact number of customers with the filter's statuses (the counters'
   * slots summed, O(1) at any size), in one statement.
   */
  private async findUnfilteredPage<T extends CustomerSummary>(
    filter: CustomerListFilter,
    limit: number,
    shape: RowShape<T>,
  ): Promise<CustomerListPage<T>> {
    const { text, values } = unfilteredPageStatement(filter, limit, shape.columns);
    return countedPage(await this.prepared.query<Row>(text, values), shape);
  }
}

/** A counted page's rows as list rows. */
function countedPage<T extends CustomerSummary>(
  rows: Row[],
  shape: RowShape<T>,
): Required<Omit<CustomerListPage<T>, 'estimatedCount'>> {
  const found = countedRows(rows);
  return { rows: found.rows.map((row) => listRow(row, shape)), matchCount: found.matchCount };
}
