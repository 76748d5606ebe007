import type { WorkOrderStatus } from './work-order.entity';

/** Statuses only move forward; completed and cancelled are final. */
const NEXT: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  pending: ['in_production', 'cancelled'],
  in_production: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export function canMoveStatus(from: WorkOrderStatus, to: WorkOrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** Active orders block archiving their customer. */
export function isActiveStatus(status: WorkOrderStatus): boolean {
  return status === 'pending' || status === 'in_production';
}

/** `WO-000123`: at least six digits, more once the sequence outgrows them. */
export function formatWorkOrderNumber(number: string | number): string {
  return `WO-${String(number).padStart(6, '0')}`;
}
