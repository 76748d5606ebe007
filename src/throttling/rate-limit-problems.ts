import { problemCatalogue } from '../problem/problem-catalogue';

/** The per-key rate limit's answer once a key has spent its budget for the window. */
export const rateLimitProblems = problemCatalogue({
  limited: {
    status: 429,
    code: 'rate_limited',
    example: 'Too many requests for this API key. Slow down and retry after the Retry-After delay.',
    occurrence: (retryAfterSeconds: number) => ({
      detail:
        'Too many requests for this API key. Slow down and retry after the Retry-After delay.',
      headers: { 'retry-after': String(retryAfterSeconds) },
    }),
  },
});
