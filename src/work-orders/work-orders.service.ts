import { Injectable } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { diffChanges } from '../audit/audit-changes';
import { AuditService } from '../audit/audit.service';
import { customerProblems } from '../customers/customer-problems';
import { CustomersRepository } from '../customers/customers.repository';
import { cursorPart, decodeCursor } from '../pagination/cursor';
import { type Page, pageOf } from '../pagination/page';
import { workOrderProblems } from './work-order-problems';
import type { CreateWorkOrderDto, PatchWorkOrderDto } from './dto/create-work-order.dto';
import { WorkOrder, type WorkOrderStatus } from './work-order.entity';
import { canMoveStatus, formatWorkOrderNumber } from './work-order-rules';
import { WorkOrdersRepository, type WorkOrderPosition } from './work-orders.repository';

export type WorkOrderPage = Page<WorkOrder>;

const EDITABLE_FIELDS = ['title', 'quantity', 'dueDate'] as const;

function decodePosition(cursor: string): WorkOrderPosition {
  const [createdAt, id] = decodeCursor(cursor, [cursorPart.timestamp, cursorPart.uuid]);
  return { createdAt, id };
}

@Injectable()
export class WorkOrdersService {
  constructor(
    private readonly orders: WorkOrdersRepository,
    private readonly customers: CustomersRepository,
    private readonly audit: AuditService,
  ) {}

  /**
   * The customer row stays locked until commit, so an archive running at the same moment
   * either sees this order in its count or makes this creation see an archived customer.
   */
  @Transactional()
  async create(input: CreateWorkOrderDto): Promise<WorkOrder> {
    const customerStatus = await this.customers.lockForNewWorkOrder(input.customerId);
    if (customerStatus === null)
      throw workOrderProblems.customerNotFound.exception(input.customerId);
    if (customerStatus === 'archived') throw workOrderProblems.customerArchived.exception();
    const order = await this.orders.insert({
      customerId: input.customerId,
      title: input.title,
      quantity: input.quantity,
      dueDate: input.dueDate ?? null,
    });
    await this.audit.record({
      entityType: 'work_order',
      entityId: order.id,
      customerId: order.customerId,
      action: 'created',
      metadata: { customerId: order.customerId, number: formatWorkOrderNumber(order.number) },
    });
    return order;
  }

  async get(id: string): Promise<WorkOrder> {
    const order = await this.orders.findById(id);
    if (!order) throw workOrderProblems.notFound.exception(id);
    return order;
  }

  @Transactional()
  async patch(id: string, input: PatchWorkOrderDto): Promise<WorkOrder> {
    const before = await this.orders.lockById(id);
    if (!before) throw workOrderProblems.notFound.exception(id);
    const statusChanged = input.status !== undefined && input.status !== before.status;
    if (statusChanged && !canMoveStatus(before.status, input.status as WorkOrderStatus)) {
      throw workOrderProblems.invalidStatusTransition.exception(
        before.status,
        input.status as WorkOrderStatus,
      );
    }
    const next = {
      title: input.title ?? before.title,
      quantity: input.quantity ?? before.quantity,
      dueDate: input.dueDate === undefined ? before.dueDate : input.dueDate,
    };
    const changes = diffChanges(before, next, EDITABLE_FIELDS);
    if (Object.keys(changes).length === 0 && !statusChanged) return before;
    const after = await this.orders.update(id, {
      ...next,
      ...(statusChanged ? { status: input.status } : {}),
    });
    const metadata = {
      customerId: before.customerId,
      number: formatWorkOrderNumber(before.number),
    };
    if (Object.keys(changes).length > 0) {
      await this.audit.record({
        entityType: 'work_order',
        entityId: id,
        customerId: before.customerId,
        action: 'updated',
        changes,
        metadata,
      });
    }
    if (statusChanged) {
      await this.audit.record({
        entityType: 'work_order',
        entityId: id,
        customerId: before.customerId,
        action: `status_${after.status}`,
        changes: { status: { from: before.status, to: after.status } },
        metadata,
      });
    }
    return after;
  }

  /** A customer's work orders, newest first; 404 when there is no such customer. */
  async listForCustomer(
    customerId: string,
    limit: number,
    status?: WorkOrderStatus,
    cursor?: string,
  ): Promise<WorkOrderPage> {
    if (!(await this.customers.findById(customerId)))
      throw customerProblems.notFound.exception(customerId);
    const before = cursor ? decodePosition(cursor) : undefined;
    const rows = await this.orders.findPageForCustomer(customerId, limit + 1, status, before);
    const page = pageOf(rows, limit, (last) => [last.position.createdAt, last.position.id]);
    return { ...page, data: page.data.map((row) => row.order) };
  }
}
