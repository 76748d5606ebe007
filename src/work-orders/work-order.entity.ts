import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Customer } from '../customers/customer.entity';

export const WORK_ORDER_STATUSES = ['pending', 'in_production', 'completed', 'cancelled'] as const;
export type WorkOrderStatus = (typeof WORK_ORDER_STATUSES)[number];

@Entity('work_orders')
@Check(
  'ck_work_orders_status',
  `"status" IN ('pending', 'in_production', 'completed', 'cancelled')`,
)
@Check('ck_work_orders_quantity', `"quantity" > 0`)
// (customer_id, status, created_at DESC, id DESC): a customer's orders in one status, newest first.
@Index('ix_work_orders_customer_status_created', { synchronize: false })
@Index('ix_work_orders_customer_created', { synchronize: false })
export class WorkOrder {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Sequential; shown as `WO-000123`. */
  @Index('uq_work_orders_number', { unique: true })
  @Column({ type: 'bigint', insert: false, update: false })
  @Generated('increment')
  number: string;

  @Column({ type: 'uuid' })
  customerId: string;

  @ManyToOne(() => Customer, { onDelete: 'RESTRICT', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'customer_id', foreignKeyConstraintName: 'fk_work_orders_customer' })
  customer?: Customer;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'integer' })
  quantity: number;

  /** A calendar date (YYYY-MM-DD). */
  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: WorkOrderStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
