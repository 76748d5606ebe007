import { problemCatalogue } from '../problem/problem-catalogue';

/** Every problem `Idempotency-Key` handling answers. */
export const idempotencyProblems = problemCatalogue({
  invalidKey: {
    status: 400,
    code: 'invalid_idempotency_key',
    example:
      'The Idempotency-Key header must be sent once, with 1 to 255 printable ASCII characters (a UUID is a good choice).',
    occurrence: () => ({
      detail:
        'The Idempotency-Key header must be sent once, with 1 to 255 printable ASCII characters (a UUID is a good choice).',
      errors: [
        { field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters' },
      ],
    }),
  },
  keyReused: {
    status: 422,
    code: 'idempotency_key_reused',
    example:
      'This Idempotency-Key was already used with a different request (method, path or body). Use a new key for a new request.',
  },
  inProgress: {
    status: 409,
    code: 'idempotency_request_in_progress',
    example:
      'A request with this Idempotency-Key is still being processed. Retry after the Retry-After delay to get its response.',
    occurrence: () => ({
      detail:
        'A request with this Idempotency-Key is still being processed. Retry after the Retry-After delay to get its response.',
      headers: { 'retry-after': '1' },
    }),
  },
});
