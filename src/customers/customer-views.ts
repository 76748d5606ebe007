/**
 * The customer as lists and pages read it: shared by the repository that reads it, the service
 * that pages it and the DTOs that answer it, so none of them imports another for its types.
 */
import type { Page } from '../pagination/page';
import type { AuditEntry } from '../audit/audit-entry.entity';
import type { WorkOrder } from '../work-orders/work-order.entity';
import type { Customer } from './customer.entity';

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

/** The customer page's data: the customer, its newest work orders and newest activity. */
export interface CustomerDetail {
  customer: Customer;
  recentWorkOrders: WorkOrder[];
  recentActivity: AuditEntry[];
}

export interface CustomerPage extends Page<CustomerSummary> {
  total: number;
  totalExact: boolean;
}
