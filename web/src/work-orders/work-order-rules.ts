import type { WorkOrderDto } from '@shop/customers-sdk';

export type WorkOrderStatus = WorkOrderDto['status'];

/** The service's moves (work-order-rules.ts): forward only; pending or in production may be cancelled. */
export const NEXT_STATUSES: Record<WorkOrderStatus, readonly WorkOrderStatus[]> = {
  pending: ['in_production', 'cancelled'],
  in_production: ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

export const MOVE_LABELS: Record<WorkOrderStatus, string> = {
  pending: 'Back to pending',
  in_production: 'Start production',
  completed: 'Mark completed',
  cancelled: 'Cancel order',
};

export const STATUS_TONES = {
  pending: 'warning',
  in_production: 'info',
  completed: 'success',
  cancelled: 'neutral',
} as const;

export interface WorkOrderFormValues {
  title: string;
  quantity: string;
  dueDate: string;
}

export function validateWorkOrder(values: WorkOrderFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const title = values.title.trim();
  if (!title) errors.title = 'Enter a title, e.g. "50 embroidered polos".';
  else if (title.length > 200) errors.title = 'Use at most 200 characters.';
  const quantity = Number(values.quantity);
  if (!values.quantity.trim()) errors.quantity = 'Enter how many pieces.';
  else if (!Number.isInteger(quantity) || quantity < 1)
    errors.quantity = 'Enter a whole number of at least 1.';
  else if (quantity > 1_000_000) errors.quantity = 'Enter at most 1,000,000.';
  if (values.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(values.dueDate))
    errors.dueDate = 'Enter a date.';
  return errors;
}
