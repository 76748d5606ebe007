import { problemCatalogue } from '../problem/problem-catalogue';
import { UNIQUE_CONSTRAINT_PROBLEMS } from '../problem/unique-constraints';

/** Every problem the customers module answers, thrown by its service and shown in its contract. */
export const customerProblems = problemCatalogue({
  notFound: {
    status: 404,
    code: 'customer_not_found',
    example: 'No customer with this id.',
    occurrence: (id: string) => ({ detail: `No customer with id ${id}.` }),
  },
  archivedNoEdit: {
    status: 409,
    code: 'customer_archived',
    example: 'The customer is archived: restore it before editing it.',
  },
  /** Raised by the unique index, races included (see `UNIQUE_CONSTRAINT_PROBLEMS`). */
  emailTaken: {
    status: 409,
    code: UNIQUE_CONSTRAINT_PROBLEMS.uq_customers_email.code,
    example: UNIQUE_CONSTRAINT_PROBLEMS.uq_customers_email.detail,
  },
  hasActiveOrders: {
    status: 409,
    code: 'customer_has_active_orders',
    example:
      'The customer has 2 active work order(s); complete or cancel them before archiving. The count is in `activeOrdersCount`.',
    occurrence: (activeOrdersCount: number) => ({
      detail: `The customer has ${activeOrdersCount} active work order(s); complete or cancel them before archiving.`,
      extensions: { activeOrdersCount },
    }),
  },
  /** The version moved under the row lock: never expected, but never answered stale. */
  changedMeanwhile: {
    status: 409,
    code: 'customer_changed',
    example: 'The customer changed while this request ran; read it again and retry.',
    occurrence: (id: string) => ({
      detail: `The customer ${id} changed while this request ran; read it again and retry.`,
    }),
  },
  stale: {
    status: 412,
    code: 'precondition_failed',
    example:
      'The customer has changed since you read it (its ETag is now "4"). Reload it and apply your edit again.',
    occurrence: (version: number) => ({
      detail: `The customer has changed since you read it (its ETag is now "${version}"). Reload it and apply your edit again.`,
    }),
  },
});
