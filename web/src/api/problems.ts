/**
 * Problems (RFC 9457) into words people understand: one message for the form, and one per
 * field the problem names, keyed by the form's field names.
 */
import { isProblem, type Problem, ProblemError, unwrap } from '@shop/customers-sdk';

export { isProblem, ProblemError, unwrap };
export type { Problem };

/** Words for the codes a person can meet; the problem's own detail for the rest. */
const MESSAGES: Record<string, string> = {
  invalid_credentials: 'That email and password do not match an account.',
  too_many_sign_in_attempts: 'Too many sign-in attempts. Wait a minute and try again.',
  not_signed_in: 'Your session has ended. Sign in again.',
  unauthenticated: 'Your session has ended. Sign in again.',
  forbidden: 'Your role does not allow this.',
  insufficient_role: 'Your role does not allow this.',
  customer_email_taken: 'Another customer already uses this email.',
  customer_archived: 'This customer is archived. Restore it first.',
  customer_has_active_orders: 'This customer still has active work orders.',
  precondition_failed: 'Someone else changed this customer while you were editing.',
  invalid_status_transition: 'That status change is not allowed.',
  validation_failed: 'Some fields need attention.',
  malformed_csv: 'The file is not a readable CSV.',
  user_email_taken: 'Someone already has an account with this email.',
  last_admin: 'There must always be at least one active admin.',
  setup_token_invalid: 'This setup link is used or expired. Restart the service for a new one.',
  rate_limited: 'Too many requests. Wait a moment and try again.',
  too_many_requests: 'Too many requests. Wait a moment and try again.',
  csrf_rejected: 'The request was refused for safety. Reload the page and try again.',
  query_timeout: 'The server took too long. Try again.',
  database_unavailable: 'The server cannot reach its database. Try again shortly.',
  network_error: 'The server could not be reached. Check your connection and try again.',
};

export interface ProblemMessages {
  /** For the top of the form (or a toast). */
  message: string;
  /** Per field, by the request's field path (e.g. `email`, `billingAddress.city`). */
  fields: Record<string, string>;
  code: string;
  status: number;
  requestId: string | null;
}

/** Turns anything a call can throw into messages. */
export function describeError(error: unknown): ProblemMessages {
  if (error instanceof ProblemError) return describeProblem(error.problem);
  if (isProblem(error)) return describeProblem(error);
  return {
    message: MESSAGES.network_error,
    fields: {},
    code: 'network_error',
    status: 0,
    requestId: null,
  };
}

export function describeProblem(problem: Problem): ProblemMessages {
  const fields: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    // The first message per field is the one to fix first.
    fields[error.field] ??= sentence(error.message);
  }
  const known = MESSAGES[problem.code];
  // A problem that names fields speaks for itself next to them; validation_failed's detail is
  // a list of them, so the generic sentence reads better above the form.
  const message =
    problem.code === 'validation_failed' || !problem.detail
      ? (known ?? problem.title)
      : (known ?? problem.detail);
  return {
    message,
    fields,
    code: problem.code,
    status: problem.status,
    requestId: problem.requestId ?? null,
  };
}

/** Class-validator style messages ("email must be an email") into a sentence. */
function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return trimmed;
  const first = trimmed[0].toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}
