import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { QueryDeepPartialEntity } from 'typeorm';
import { WorkOrder, type WorkOrderStatus } from './work-order.entity';

export interface NewWorkOrder {
  customerId: string;
  title: string;
  quantity: number;
  dueDate: string | null;
}

export interface WorkOrderPosition {
  /** created_at as text (microseconds kept). */
  createdAt: string;
  id: string;
}

export interface WorkOrderListRow {
  order: WorkOrder;
  position: WorkOrderPosition;
}

@Injectable()
export class WorkOrdersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get orders() {
    return this.txHost.tx.getRepository(WorkOrder);
  }

  findById(id: string): Promise<WorkOrder | null> {
    return this.orders.findOneBy({ id });
  }

  lockById(id: string): Promise<WorkOrder | null> {
    return this.orders
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.id = :id', { id })
      .getOne();
  }

  async insert(order: NewWorkOrder): Promise<WorkOrder> {
    const result = await this.orders.insert(order);
    return (await this.findById(String(result.identifiers[0].id))) as WorkOrder;
  }

  async update(id: string, changes: QueryDeepPartialEntity<WorkOrder>): Promise<WorkOrder> {
    await this.orders.update({ id }, changes);
    return (await this.findById(id)) as WorkOrder;
  }

  /** Newest first, keyset on (created_at, id); `limit` rows. */
  async findPageForCustomer(
    customerId: string,
    limit: number,
    status?: WorkOrderStatus,
    before?: WorkOrderPosition,
  ): Promise<WorkOrderListRow[]> {
    const query = this.orders
      .createQueryBuilder('o')
      .addSelect('o.created_at::text', 'position_created_at')
      .where('o.customer_id = :customerId', { customerId })
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit);
    if (status) query.andWhere('o.status = :status', { status });
    if (before) {
      query.andWhere('(o.created_at, o.id) < (:createdAt::timestamptz, :id::uuid)', {
        createdAt: before.createdAt,
        id: before.id,
      });
    }
    const { entities, raw } = await query.getRawAndEntities<{ position_created_at: string }>();
    return entities.map((order, i) => ({
      order,
      position: { createdAt: raw[i].position_created_at, id: order.id },
    }));
  }
}
