import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import {
  auditEntriesParam,
  insertAuditEntriesSql,
  type NewAuditEntry,
} from '../audit/audit.repository';
import { WorkOrder } from '../work-orders/work-order.entity';
import { PreparedStatements } from '../database/prepared-statements';
import { type Address, Customer, type CustomerStatus } from './customer.entity';
import { containsPattern } from './customer-rules';
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

/** What a row of the customer list shows: the list reads only these columns. */
export type CustomerSummary = Pick<
  Customer,
  | 'id'
  | 'companyName'
  | 'contactName'
  | 'email'
  | 'phone'
  | 'status'
  | 'activeOrdersCount'
  | 'totalOrdersCount'
  | 'createdAt'
>;

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
}

/** The customer page's data: the customer, its newest work orders and newest activity. */
export interface CustomerDetail {
  customer: Customer;
  recentWorkOrders: WorkOrder[];
  recentActivity: AuditEntry[];
}

/** A search counts its matches exactly up to here; above it the planner's estimate is reported. */
export const EXACT_COUNT_LIMIT = 10_000;

/**
 * Rows of the sort index a dense search reads before it falls back to collecting every
 * match: ~80 ms at a million customers, and enough for any term matching more than ~0.2%.
 */
const DENSE_SEARCH_WINDOW = 20_000;

/**
 * A search collects and sorts its matches when they are at most a hundredth of the customers,
 * but at least 1,000 and at most EXACT_COUNT_LIMIT: then a page read along the sort index
 * would cross ~2,500 index rows or more, while sorting them is cheap. Denser terms are only
 * counted and paged along the sort index: a term in every row no longer sorts every match.
 */
const COLLECTED_SEARCH_MIN = 1_000;
const COLLECTED_SEARCH_SHARE = 100;

/** How long the customer count that sizes the collection above may be reused (it is a guide). */
const CUSTOMER_COUNT_TTL_MS = 10_000;

interface SortSpec {
  expression: string;
  /** The column the expression reads. */
  column: string;
  keyType: 'text' | 'timestamptz' | 'integer';
  direction: 'ASC' | 'DESC';
}

const SORT_SPECS: Record<CustomerSort, SortSpec> = {
  companyName: {
    expression: 'lower(c.company_name)',
    column: 'company_name',
    keyType: 'text',
    direction: 'ASC',
  },
  '-companyName': {
    expression: 'lower(c.company_name)',
    column: 'company_name',
    keyType: 'text',
    direction: 'DESC',
  },
  createdAt: {
    expression: 'c.created_at',
    column: 'created_at',
    keyType: 'timestamptz',
    direction: 'ASC',
  },
  '-createdAt': {
    expression: 'c.created_at',
    column: 'created_at',
    keyType: 'timestamptz',
    direction: 'DESC',
  },
  activeOrdersCount: {
    expression: 'c.active_orders_count',
    column: 'active_orders_count',
    keyType: 'integer',
    direction: 'ASC',
  },
  '-activeOrdersCount': {
    expression: 'c.active_orders_count',
    column: 'active_orders_count',
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

/** Timestamps travel as text so their microseconds survive the cursor. */
function keyText(sort: SortSpec): string {
  return sort.keyType === 'timestamptz' ? '::text' : '';
}

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

function toCustomer(row: Row): Customer {
  return Object.assign(new Customer(), {
    ...toSummary(row),
    phoneDigits: row.phone_digits,
    billingAddress: row.billing_address,
    shippingAddress: row.shipping_address,
    taxExempt: row.tax_exempt,
    notes: row.notes,
    tags: row.tags,
    archivedAt: row.archived_at,
    updatedAt: row.updated_at,
    version: row.version,
  } as Partial<Customer>);
}

const COLUMNS = `c.id, c.company_name, c.contact_name, c.email, c.phone, c.phone_digits,
  c.billing_address, c.shipping_address, c.tax_exempt, c.notes, c.tags, c.status, c.archived_at,
  c.active_orders_count, c.total_orders_count, c.created_at, c.updated_at, c.version`;

/** The columns a page reads and how a row becomes its item. */
interface RowShape<T extends CustomerSummary> {
  columns: string;
  from: (row: Row) => T;
}

const WHOLE_CUSTOMERS: RowShape<Customer> = { columns: COLUMNS, from: toCustomer };

// A list page of summaries parses half the columns and no addresses, notes or tags.
const SUMMARIES: RowShape<CustomerSummary> = {
  columns: `c.id, c.company_name, c.contact_name, c.email, c.phone, c.status,
    c.active_orders_count, c.total_orders_count, c.created_at`,
  from: toSummary,
};

/**
 * The customer with its newest work orders (as the customer's work-order list orders them)
 * and its newest activity (as its activity feed does), in one statement: one round trip and
 * one plan instead of three. The lists travel as JSON arrays of entity-shaped objects.
 */
const DETAIL_SQL = `SELECT ${COLUMNS},
  (SELECT coalesce(json_agg(o), '[]') FROM (
     SELECT o.id, o.number::text AS number, o.customer_id AS "customerId", o.title, o.quantity,
       o.due_date AS "dueDate", o.status, o.created_at AS "createdAt",
       o.updated_at AS "updatedAt", o.version
     FROM work_orders o WHERE o.customer_id = c.id
     ORDER BY o.created_at DESC, o.id DESC LIMIT $2) o) AS recent_work_orders,
  (SELECT coalesce(json_agg(a), '[]') FROM (
     SELECT a.id, a.seq::text AS seq, a.entity_type AS "entityType", a.entity_id AS "entityId",
       a.action, a.customer_id AS "customerId", a.changes, a.actor_key_id AS "actorKeyId",
       a.actor_name AS "actorName", a.request_id AS "requestId", a.metadata,
       a.occurred_at AS "occurredAt"
     FROM audit_entries a WHERE a.customer_id = c.id
     ORDER BY a.seq DESC LIMIT $2) a) AS recent_activity
FROM customers c WHERE c.id = $1`;

/** A new customer and its audit entry (JSON in $11): one statement, atomic on its own. */
const INSERT_SQL = `WITH recorded AS (${insertAuditEntriesSql('$11')})
  INSERT INTO customers AS c (id, company_name, contact_name, email, phone, billing_address,
    shipping_address, tax_exempt, notes, tags, version)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 1)
  RETURNING ${COLUMNS}`;

type Json = Record<string, unknown>;

function jsonOrNull(value: object | null): string | null {
  return value === null ? null : JSON.stringify(value);
}

function toWorkOrder(json: Json): WorkOrder {
  return Object.assign(new WorkOrder(), json, {
    createdAt: new Date(json.createdAt as string),
    updatedAt: new Date(json.updatedAt as string),
  });
}

function toAuditEntry(json: Json): AuditEntry {
  return Object.assign(new AuditEntry(), json, {
    occurredAt: new Date(json.occurredAt as string),
  });
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

  /**
   * One keyset page (`limit` rows) in the filter's order. A search never relies on the
   * planner's guess of how many customers match (a wrong guess walked the whole name index
   * for seconds); it decides on real counts:
   * 1. collect the matches through the trigram index, up to EXACT_COUNT_LIMIT + 1, and count
   *    them; when they are few (see COLLECTED_SEARCH_SHARE), the same statement sorts them
   *    for the page;
   * 2. otherwise the term is common: walk the sort index, but only DENSE_SEARCH_WINDOW rows;
   * 3. when the window holds no full page (the matches cluster further on), collect every
   *    match and sort: the cost grows with the matches, never with a full walk.
   */
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
    const { search } = filter;
    const collectable = await this.collectableMatches();
    const few = await this.findCollectedMatches(filter, search, limit, collectable, shape);
    if (few.matchCount <= collectable) return few;
    const matchCount = few.matchCount <= EXACT_COUNT_LIMIT ? { matchCount: few.matchCount } : {};
    const walked = await this.findMatchesInWindow(filter, search, limit, shape);
    if (walked.length === limit) return { rows: walked, ...matchCount };
    const all = await this.findCollectedMatches(filter, search, limit, null, shape);
    return { rows: all.rows, ...matchCount };
  }

  /** How many matches a search collects and sorts (see COLLECTED_SEARCH_SHARE). */
  private async collectableMatches(): Promise<number> {
    if (Date.now() - this.customerCount.readAt > CUSTOMER_COUNT_TTL_MS) {
      const rows = await this.prepared.query<{ customers: number }>(
        'SELECT coalesce(sum(customers), 0)::int AS customers FROM customer_status_counts',
        [],
      );
      this.customerCount = { value: rows[0].customers, readAt: Date.now() };
    }
    const share = Math.floor(this.customerCount.value / COLLECTED_SEARCH_SHARE);
    return Math.min(EXACT_COUNT_LIMIT, Math.max(COLLECTED_SEARCH_MIN, share));
  }

  /** The planner's estimate of how many customers a search matches (for large counts). */
  async estimateMatches(filter: CustomerListFilter): Promise<number> {
    const params: unknown[] = [];
    const matching = this.matchingSql(filter.search ?? [], params, 'like');
    const plan = await this.txHost.tx.query<
      { 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]
    >(
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM customers c WHERE ${STATUS_CONDITIONS[filter.status]} AND ${matching}`,
      params,
    );
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
  ): Promise<Required<CustomerListPage<T>>> {
    const sort = SORT_SPECS[filter.sort];
    const statuses = filter.status === 'all' ? ['active', 'archived'] : [filter.status];
    const params: unknown[] = [statuses];
    const page = this.sortedScanSql(
      filter,
      `${shape.columns}, ${sort.expression}${keyText(sort)} AS sort_key`,
      params,
      limit,
    );
    const rows = await this.prepared.query<Row>(
      `SELECT counted.match_count, p.*
       FROM (SELECT coalesce(sum(customers), 0)::int AS match_count
             FROM customer_status_counts WHERE status = ANY($1)) counted
       LEFT JOIN (${page}) p ON TRUE
       ORDER BY p.order_key ${sort.direction}, p.id ${sort.direction}`,
      params,
    );
    return {
      rows: rows.filter((row) => row.id !== null).map((row) => listRow(row, shape)),
      matchCount: rows[0].match_count as number,
    };
  }

  /**
   * The customers of the status filter after the cursor, in sort order, at most `limit`, with
   * `order_key` and the `select` columns. Each status is read along its own partial sort index
   * (no whole-table one for every insert to maintain); `all` merges the two index scans.
   */
  private sortedScanSql(
    filter: CustomerListFilter,
    select: string,
    params: unknown[],
    limit: number,
  ): string {
    const sort = SORT_SPECS[filter.sort];
    const statuses: CustomerStatus[] =
      filter.status === 'all' ? ['active', 'archived'] : [filter.status];
    const scans = statuses.map(
      (status) =>
        `(SELECT ${select}, ${sort.expression} AS order_key
          FROM customers c
          WHERE ${STATUS_CONDITIONS[status]} ${this.afterSql(filter, params, sort.expression, 'AND')}
          ORDER BY ${sort.expression} ${sort.direction}, c.id ${sort.direction}
          LIMIT ${limit})`,
    );
    if (scans.length === 1) return scans[0];
    return `${scans.join(' UNION ALL ')}
      ORDER BY order_key ${sort.direction}, id ${sort.direction}
      LIMIT ${limit}`;
  }

  /**
   * Matches collected through the trigram index (a MATERIALIZED CTE, so the planner cannot
   * walk a sort index instead), counted, then sorted and cut. With `collectable`, at most
   * EXACT_COUNT_LIMIT + 1 matches are collected (id and sort column only), and sort keys are
   * computed and sorted only when there are at most `collectable` of them: otherwise no row
   * comes back, only the count.
   */
  private async findCollectedMatches<T extends CustomerSummary>(
    filter: CustomerListFilter,
    search: string[],
    limit: number,
    collectable: number | null,
    shape: RowShape<T>,
  ): Promise<Required<CustomerListPage<T>>> {
    const sort = SORT_SPECS[filter.sort];
    const params: unknown[] = [];
    const matching = this.matchingSql(search, params, 'like');
    const after = this.afterSql(filter, params, 'm.sort_key', 'WHERE', 'm.id');
    const rows = await this.txHost.tx.query<Row[]>(
      `WITH found AS MATERIALIZED (
         SELECT c.id, c.${sort.column} FROM customers c
         WHERE ${matching} AND ${STATUS_CONDITIONS[filter.status]}
         ${collectable === null ? '' : `LIMIT ${EXACT_COUNT_LIMIT + 1}`}
       ), counted AS (
         SELECT count(*)::int AS match_count FROM found
       ), page AS (
         SELECT m.id, m.sort_key FROM (
           SELECT c.id, ${sort.expression} AS sort_key FROM found c
           ${collectable === null ? '' : `WHERE (SELECT match_count FROM counted) <= ${collectable}`}
         ) m ${after}
         ORDER BY m.sort_key ${sort.direction}, m.id ${sort.direction}
         LIMIT ${limit}
       )
       SELECT counted.match_count, ${shape.columns}, p.sort_key${keyText(sort)} AS sort_key
       FROM counted
       LEFT JOIN page p ON TRUE
       LEFT JOIN customers c ON c.id = p.id
       ORDER BY p.sort_key ${sort.direction}, p.id ${sort.direction}`,
      params,
    );
    return {
      rows: rows.filter((row) => row.id !== null).map((row) => listRow(row, shape)),
      matchCount: rows[0].match_count as number,
    };
  }

  /** The next matches among the next DENSE_SEARCH_WINDOW rows of the sort index. */
  private async findMatchesInWindow<T extends CustomerSummary>(
    filter: CustomerListFilter,
    search: string[],
    limit: number,
    shape: RowShape<T>,
  ): Promise<CustomerListRow<T>[]> {
    const sort = SORT_SPECS[filter.sort];
    const params: unknown[] = [];
    const window = this.sortedScanSql(
      filter,
      `${shape.columns}, c.search_text, ${sort.expression}${keyText(sort)} AS sort_key`,
      params,
      DENSE_SEARCH_WINDOW,
    );
    const matching = this.matchingSql(search, params, 'strpos', 'w.search_text');
    const rows = await this.txHost.tx.query<Row[]>(
      `SELECT w.* FROM (${window}) w
       WHERE ${matching}
       ORDER BY w.order_key ${sort.direction}, w.id ${sort.direction}
       LIMIT ${limit}`,
      params,
    );
    return rows.map((row) => listRow(row, shape));
  }

  /**
   * "The search column contains one of the terms": as LIKE, which the trigram index serves,
   * or as strpos, which it cannot, so a walk along a sort index stays a walk.
   */
  private matchingSql(
    search: string[],
    params: unknown[],
    form: 'like' | 'strpos',
    column = 'c.search_text',
  ): string {
    const tests = search.map((term) => {
      if (form === 'strpos') {
        params.push(term);
        return `strpos(${column}, $${params.length}) > 0`;
      }
      params.push(containsPattern(term));
      return `${column} LIKE $${params.length}`;
    });
    return `(${tests.join(' OR ')})`;
  }

  /** The keyset condition "after the cursor's row", or nothing on the first page. */
  private afterSql(
    filter: CustomerListFilter,
    params: unknown[],
    keyExpression: string,
    keyword: 'AND' | 'WHERE',
    idExpression = 'c.id',
  ): string {
    if (!filter.after) return '';
    const sort = SORT_SPECS[filter.sort];
    const comparison = sort.direction === 'ASC' ? '>' : '<';
    params.push(filter.after.key, filter.after.id);
    return `${keyword} (${keyExpression}, ${idExpression}) ${comparison} ($${params.length - 1}::${sort.keyType}, $${params.length}::uuid)`;
  }
}
