import type { ProblemDetailsDto } from './generated/types.gen.js';

/** An RFC 9457 problem: the body of every error response, with a stable `code` to switch on. */
export type Problem = ProblemDetailsDto & { [extension: string]: unknown };

export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).code === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

/** Thrown by `unwrap` (and so by `paginate`) when the API answers with a problem. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  readonly status: number;
  readonly code: string;

  constructor(
    readonly problem: Problem,
    readonly response?: Response,
  ) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
    this.status = problem.status;
    this.code = problem.code;
  }
}

/** What every generated SDK function resolves to (with the default `throwOnError: false`). */
export type SdkResult<TData, TError = unknown> = (
  { data: TData; error: undefined } | { data: undefined; error: TError }
) & { response: Response };

/**
 * The data of an SDK call, or a thrown ProblemError:
 * `const customer = await unwrap(createCustomer({ client, body }))`.
 */
export async function unwrap<TData, TError>(
  call: Promise<SdkResult<TData, TError>> | SdkResult<TData, TError>,
): Promise<TData> {
  const result = await call;
  if (result.error === undefined) return result.data as TData;
  const { error, response } = result;
  if (isProblem(error)) throw new ProblemError(error, response);
  throw new ProblemError(
    {
      type: 'about:blank',
      title: response.statusText || 'Error',
      status: response.status,
      detail: typeof error === 'string' ? error : JSON.stringify(error),
      code: 'unexpected_response',
      requestId: response.headers.get('x-request-id'),
    },
    response,
  );
}
