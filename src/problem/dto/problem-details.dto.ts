/** One invalid field of a request. */
export class FieldErrorDto {
  /**
   * Dotted path of the field in the request.
   * @example "email"
   */
  field: string;
  /**
   * What is wrong with it.
   * @example "email must be an email"
   */
  message: string;
}

/** RFC 9457 problem details: the body of every error response. */
export class ProblemDetailsDto {
  /**
   * URI identifying the problem type.
   * @example "urn:problem-type:validation_failed"
   */
  type: string;
  /**
   * Short human summary of the problem type.
   * @example "Validation failed"
   */
  title: string;
  /**
   * HTTP status code.
   * @example 400
   */
  status: number;
  /**
   * Human explanation of this occurrence.
   * @example "1 field is invalid: email"
   */
  detail: string;
  /**
   * Stable machine-readable code; switch on this, not on the title.
   * @example "validation_failed"
   */
  code: string;
  /**
   * Id of the request (the X-Request-Id header); quote it when reporting a problem.
   * @example "5f0c6f3e-2b1d-4a7e-9a51-0f1c3b0c9d11"
   */
  requestId: string | null;
  /**
   * The path of the request that failed.
   * @example "/api/v1/customers"
   */
  instance?: string;
  /** The invalid fields, for validation problems. */
  errors?: FieldErrorDto[];
}
