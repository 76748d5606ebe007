import { ApiProperty } from '@nestjs/swagger';
import { WORK_ORDER_STATUSES, WorkOrder, type WorkOrderStatus } from '../work-order.entity';
import { formatWorkOrderNumber } from '../work-order-rules';
import type { Page } from '../../pagination/page';

export class WorkOrderDto {
  /** @example "3c5e0b7a-2d4f-4e8a-9b1c-7d6e5f4a3b21" */
  id: string;
  /**
   * Unique and increasing; a number can be skipped (it comes from a sequence, and a creation
   * that rolls back does not give its number back).
   * @example "WO-000123"
   */
  number: string;
  /** @example "7b1d8a52-3f57-4c57-8d5e-6a1c43d0c001" */
  customerId: string;
  /** @example "200 embroidered aprons" */
  title: string;
  /** @example 200 */
  quantity: number;
  @ApiProperty({ type: String, format: 'date', nullable: true, example: '2026-12-01' })
  dueDate: string | null;
  @ApiProperty({ enum: WORK_ORDER_STATUSES, example: 'pending' })
  status: WorkOrderStatus;
  /** @example "2026-11-22T08:00:00.000Z" */
  createdAt: Date;
  /** @example "2026-11-22T08:00:00.000Z" */
  updatedAt: Date;

  static from(order: WorkOrder): WorkOrderDto {
    return {
      id: order.id,
      number: formatWorkOrderNumber(order.number),
      customerId: order.customerId,
      title: order.title,
      quantity: order.quantity,
      dueDate: order.dueDate,
      status: order.status,
      createdAt: order.createdAt,
      updatedAt: order.updatedAt,
    };
  }
}

export class WorkOrderPageDto {
  data: WorkOrderDto[];
  /** Pass as `cursor` to get the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true, example: null })
  nextCursor: string | null;

  static from(page: Page<WorkOrder>): WorkOrderPageDto {
    return {
      data: page.data.map((order) => WorkOrderDto.from(order)),
      nextCursor: page.nextCursor,
    };
  }
}
