import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  /** The offending field, as a dotted path into the request (`billingAddress.postalCode`). */
  field: string;
  message: string;
}

export interface ProblemInit {
  status: number;
  /** Stable snake_case machine code clients can switch on. */
  code: string;
  detail: string;
  title?: string;
  errors?: FieldError[];
  /** Extra members specific to the problem (e.g. `activeOrdersCount`). */
  extensions?: Record<string, unknown>;
  /** Response headers to send with the problem (e.g. Retry-After). */
  headers?: Record<string, string>;
}

/**
 * A client-facing error. Services throw these (directly or through the factories below);
 * the problem filter renders them as RFC 9457 application/problem+json.
 */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInit) {
    super(problem.detail, problem.status);
  }

  static badRequest(code: string, detail: string, errors?: FieldError[]): ProblemException {
    return new ProblemException({ status: HttpStatus.BAD_REQUEST, code, detail, errors });
  }

  static validation(errors: FieldError[]): ProblemException {
    // A field can break several rules: count fields, not messages.
    const fields = [...new Set(errors.map((e) => e.field))];
    return new ProblemException({
      status: HttpStatus.BAD_REQUEST,
      code: 'validation_failed',
      title: 'Validation failed',
      detail: `${fields.length} field${fields.length === 1 ? ' is' : 's are'} invalid: ${fields.join(', ')}`,
      errors,
    });
  }

  static notFound(code: string, detail: string): ProblemException {
    return new ProblemException({ status: HttpStatus.NOT_FOUND, code, detail });
  }

  static conflict(
    code: string,
    detail: string,
    extensions?: Record<string, unknown>,
    errors?: FieldError[],
  ): ProblemException {
    return new ProblemException({ status: HttpStatus.CONFLICT, code, detail, extensions, errors });
  }

  static preconditionFailed(code: string, detail: string): ProblemException {
    return new ProblemException({ status: HttpStatus.PRECONDITION_FAILED, code, detail });
  }

  static unprocessable(code: string, detail: string): ProblemException {
    return new ProblemException({ status: HttpStatus.UNPROCESSABLE_ENTITY, code, detail });
  }

  static forbidden(code: string, detail: string): ProblemException {
    return new ProblemException({ status: HttpStatus.FORBIDDEN, code, detail });
  }
}
