import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { diffChanges } from '../audit/audit-changes';
import { type AuditPage, AuditService } from '../audit/audit.service';
import { type CursorPart, cursorPart, decodeCursor } from '../pagination/cursor';
import { pageOf } from '../pagination/page';
import { EDITABLE_CUSTOMER_FIELDS } from './customer-changes';
import { customerProblems } from './customer-problems';
import { Customer } from './customer.entity';
import {
  customerFieldsFrom,
  ifMatchAllows,
  type CustomerInput,
  searchTerms,
} from './customer-rules';
import type { CustomerDetail, CustomerPage } from './customer-views';
import {
  type CustomerFields,
  type CustomerListFilter,
  CustomersRepository,
  EXACT_COUNT_LIMIT,
  type ListPosition,
} from './customers.repository';
import type {
  CustomerListQueryDto,
  CustomerSort,
  CustomerStatusFilter,
} from './dto/customer-query.dto';
import type { PatchCustomerDto } from './dto/create-customer.dto';

const RECENT = 10;

/**
 * What a cursor is bound to besides its sort: the status filter and the search, so a cursor
 * is refused (400) rather than silently continuing another list.
 */
function listFilterTag(status: CustomerStatusFilter, search: string[] | undefined): string {
  const searched = createHash('sha256')
    .update(JSON.stringify(search ?? []))
    .digest('base64url')
    .slice(0, 10);
  return `${status}:${searched}`;
}

/** The sort key a cursor carries: a count, a timestamp, or the (bounded) sort text. */
function sortKeyPart(sort: CustomerSort): CursorPart<string | number> {
  if (sort.endsWith('activeOrdersCount')) return cursorPart.integer;
  if (sort.endsWith('createdAt')) return cursorPart.timestamp;
  return cursorPart.text(1000);
}

function decodePosition(cursor: string, sort: CustomerSort, filterTag: string): ListPosition {
  const [, , key, id] = decodeCursor(cursor, [
    cursorPart.exactly(sort),
    cursorPart.exactly(filterTag),
    sortKeyPart(sort),
    cursorPart.uuid,
  ]);
  return { key, id };
}

@Injectable()
export class CustomersService {
  constructor(
    private readonly customers: CustomersRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * The customer and its audit entry are one statement: atomic without a transaction (inside
   * the idempotency transaction when there is one). A taken email ends as 409
   * customer_email_taken through the unique index, races included.
   */
  create(input: CustomerInput): Promise<Customer> {
    const id = randomUUID();
    return this.customers.insert(
      id,
      customerFieldsFrom(input),
      this.audit.entryFor({ entityType: 'customer', entityId: id, action: 'created' }),
    );
  }

  async list(query: CustomerListQueryDto): Promise<CustomerPage> {
    const search = query.search ? (searchTerms(query.search) ?? undefined) : undefined;
    const filterTag = listFilterTag(query.status, search);
    const filter: CustomerListFilter = {
      status: query.status,
      sort: query.sort,
      search,
      after: query.cursor ? decodePosition(query.cursor, query.sort, filterTag) : undefined,
    };
    const found = await this.customers.findSummaryPage(filter, query.limit + 1);
    const page = pageOf(found.rows, query.limit, (last) => [
      query.sort,
      filterTag,
      last.sortKey,
      last.customer.id,
    ]);
    return {
      data: page.data.map((row) => row.customer),
      nextCursor: page.nextCursor,
      ...(await this.totalOf(filter, found.matchCount, found.estimatedCount)),
    };
  }

  /**
   * Without a search the total is exact at any size; a search counts exactly up to
   * EXACT_COUNT_LIMIT matches (the repository counts them as it pages) and estimates above.
   */
  private async totalOf(
    filter: CustomerListFilter,
    matchCount: number | undefined,
    estimatedCount: number | undefined,
  ): Promise<Pick<CustomerPage, 'total' | 'totalExact'>> {
    if (matchCount !== undefined) return { total: matchCount, totalExact: true };
    const estimate = estimatedCount ?? (await this.customers.estimateMatches(filter));
    return { total: Math.max(estimate, EXACT_COUNT_LIMIT + 1), totalExact: false };
  }

  async get(id: string): Promise<Customer> {
    const customer = await this.customers.findById(id);
    if (!customer) throw customerProblems.notFound.exception(id);
    return customer;
  }

  /** Archived customers included: their history stays readable. */
  async detail(id: string): Promise<CustomerDetail> {
    const detail = await this.customers.findDetail(id, RECENT);
    if (!detail) throw customerProblems.notFound.exception(id);
    return detail;
  }

  /** PUT: the input is the whole editable state. */
  replace(id: string, input: CustomerInput, ifMatch: string | undefined): Promise<Customer> {
    return this.edit(id, ifMatch, () => customerFieldsFrom(input));
  }

  /** PATCH: only the fields sent change. */
  patch(id: string, input: PatchCustomerDto, ifMatch: string | undefined): Promise<Customer> {
    return this.edit(id, ifMatch, (current) => {
      const merged: CustomerInput = { ...current };
      for (const field of EDITABLE_CUSTOMER_FIELDS) {
        if (input[field] !== undefined) Object.assign(merged, { [field]: input[field] });
      }
      return customerFieldsFrom(merged);
    });
  }

  /**
   * Locks the row, checks the precondition, writes only the fields that changed with a
   * compare-and-set on the version, and records them in the audit trail.
   */
  @Transactional()
  private async edit(
    id: string,
    ifMatch: string | undefined,
    nextState: (current: CustomerFields) => CustomerFields,
  ): Promise<Customer> {
    const before = await this.customers.lockById(id);
    if (!before) throw customerProblems.notFound.exception(id);
    if (before.status === 'archived') throw customerProblems.archivedNoEdit.exception();
    if (!ifMatchAllows(ifMatch, before.version))
      throw customerProblems.stale.exception(before.version);
    // Both sides in stored form (jsonb reorders address keys; the diff must not see that).
    const current = customerFieldsFrom(before);
    const next = nextState(current);
    const changes = diffChanges(current, next, EDITABLE_CUSTOMER_FIELDS);
    if (Object.keys(changes).length === 0) return before;
    const changed = Object.fromEntries(
      Object.keys(changes).map((field) => [field, next[field as keyof CustomerFields]]),
    );
    if (!(await this.customers.updateIfVersion(id, before.version, changed))) {
      throw customerProblems.stale.exception(before.version);
    }
    await this.audit.record({ entityType: 'customer', entityId: id, action: 'updated', changes });
    return (await this.customers.findById(id)) as Customer;
  }

  /** Archives unless it has active work orders; the row lock makes the count hold until commit. */
  @Transactional()
  async archive(id: string): Promise<Customer> {
    const customer = await this.customers.lockById(id);
    if (!customer) throw customerProblems.notFound.exception(id);
    if (customer.status === 'archived') return customer;
    if (customer.activeOrdersCount > 0)
      throw customerProblems.hasActiveOrders.exception(customer.activeOrdersCount);
    if (!(await this.customers.markArchived(id, customer.version)))
      throw customerProblems.changedMeanwhile.exception(id);
    await this.audit.record({
      entityType: 'customer',
      entityId: id,
      action: 'archived',
      changes: { status: { from: 'active', to: 'archived' } },
    });
    return (await this.customers.findById(id)) as Customer;
  }

  @Transactional()
  async restore(id: string): Promise<Customer> {
    const customer = await this.customers.lockById(id);
    if (!customer) throw customerProblems.notFound.exception(id);
    if (customer.status === 'active') return customer;
    if (!(await this.customers.markRestored(id, customer.version)))
      throw customerProblems.changedMeanwhile.exception(id);
    await this.audit.record({
      entityType: 'customer',
      entityId: id,
      action: 'restored',
      changes: { status: { from: 'archived', to: 'active' } },
    });
    return (await this.customers.findById(id)) as Customer;
  }

  async activity(id: string, limit: number, cursor?: string): Promise<AuditPage> {
    await this.get(id);
    return this.audit.list({ customerId: id }, limit, cursor);
  }
}
