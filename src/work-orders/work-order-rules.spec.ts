import { WORK_ORDER_STATUSES, type WorkOrderStatus } from './work-order.entity';
import { canMoveStatus, formatWorkOrderNumber, isActiveStatus } from './work-order-rules';

describe('work order status transitions', () => {
  const allowed: [WorkOrderStatus, WorkOrderStatus][] = [
    ['pending', 'in_production'],
    ['pending', 'cancelled'],
    ['in_production', 'completed'],
    ['in_production', 'cancelled'],
  ];

  it('allows exactly the forward moves', () => {
    for (const from of WORK_ORDER_STATUSES) {
      for (const to of WORK_ORDER_STATUSES) {
        const expected = allowed.some(([f, t]) => f === from && t === to);
        expect([from, to, canMoveStatus(from, to)]).toEqual([from, to, expected]);
      }
    }
  });

  it('counts pending and in_production as active', () => {
    expect(WORK_ORDER_STATUSES.filter(isActiveStatus)).toEqual(['pending', 'in_production']);
  });

  it('formats numbers as WO-000123', () => {
    expect(formatWorkOrderNumber('123')).toBe('WO-000123');
    expect(formatWorkOrderNumber(1234567)).toBe('WO-1234567');
  });
});
