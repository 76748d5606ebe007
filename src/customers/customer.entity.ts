import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

export const CUSTOMER_STATUSES = ['active', 'archived'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export interface Address {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
}

/**
 * A customer of the shop. `searchText` and the order counters are kept by database triggers
 * (see the CreateCustomersAndWorkOrders migration), so every write path, imports included,
 * keeps them exact in the same transaction.
 */
@Entity('customers')
@Check('ck_customers_status', `"status" IN ('active', 'archived')`)
// Uniqueness of email is case-insensitive because every stored email is lower-case.
@Check('ck_customers_email_lower', `"email" = lower("email")`)
@Check(
  'ck_customers_order_counts',
  `"active_orders_count" >= 0 AND "total_orders_count" >= "active_orders_count"`,
)
// Keyset list orders, one partial index per status (status=all merges the two scans).
@Index('ix_customers_active_company', { synchronize: false })
@Index('ix_customers_active_created', { synchronize: false })
@Index('ix_customers_active_orders', { synchronize: false })
@Index('ix_customers_archived_company', { synchronize: false })
@Index('ix_customers_archived_created', { synchronize: false })
@Index('ix_customers_archived_orders', { synchronize: false })
@Index('ix_customers_search_trgm', { synchronize: false })
// The few rows where a two-character term has no trigram (see NON_ASCII_AROUND_PAIR).
@Index('ix_customers_search_pair_rare', { synchronize: false })
export class Customer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  companyName: string;

  @Column({ type: 'varchar', length: 200 })
  contactName: string;

  /** Trimmed and lower-cased; unique across all customers, archived ones included. */
  @Index('uq_customers_email', { unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** As entered (trimmed). */
  @Column({ type: 'varchar', length: 40, nullable: true })
  phone: string | null;

  /** The digits of `phone`, for search (set by a trigger). */
  @Column({ type: 'varchar', length: 40, nullable: true, insert: false, update: false })
  phoneDigits: string | null;

  @Column({ type: 'jsonb', nullable: true })
  billingAddress: Address | null;

  @Column({ type: 'jsonb', nullable: true })
  shippingAddress: Address | null;

  @Column({ type: 'boolean', default: false })
  taxExempt: boolean;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status: CustomerStatus;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  /** Pending + in-production work orders (kept by a trigger on work_orders). */
  @Column({ type: 'integer', default: 0, insert: false, update: false })
  activeOrdersCount: number;

  @Column({ type: 'integer', default: 0, insert: false, update: false })
  totalOrdersCount: number;

  /** lower(company + contact + email + phone digits), set by a trigger; searched by trigram. */
  @Column({ type: 'text', default: '', select: false, insert: false, update: false })
  searchText: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
