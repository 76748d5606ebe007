import { problemCatalogue } from '../problem/problem-catalogue';

/** Every problem the work-orders module answers, thrown by its service and shown in its contract. */
export const workOrderProblems = problemCatalogue({
  notFound: {
    status: 404,
    code: 'work_order_not_found',
    example: 'No work order with this id.',
    occurrence: (id: string) => ({ detail: `No work order with id ${id}.` }),
  },
  customerNotFound: {
    status: 422,
    code: 'customer_not_found',
    example: 'No customer with this id.',
    occurrence: (customerId: string) => ({
      detail: `No customer with id ${customerId}.`,
      errors: [{ field: 'customerId', message: 'customerId must be an existing customer' }],
    }),
  },
  customerArchived: {
    status: 409,
    code: 'customer_archived',
    example: 'The customer is archived: restore it before giving it new work orders.',
  },
  invalidStatusTransition: {
    status: 409,
    code: 'invalid_status_transition',
    example: 'A completed work order cannot become pending: statuses only move forward.',
    occurrence: (from: string, to: string) => ({
      detail:
        `A ${from} work order cannot become ${to}: statuses only move forward ` +
        '(pending → in_production → completed; pending or in_production → cancelled).',
      extensions: { currentStatus: from, requestedStatus: to },
    }),
  },
});
