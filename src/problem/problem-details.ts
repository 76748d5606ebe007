import { HttpStatus } from '@nestjs/common';
import type { FieldError } from './problem.exception';

/** RFC 9457 problem details, as every error of this service is sent. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string | null;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Problem types are URNs named after the stable code; they identify, they do not resolve. */
export function problemType(code: string): string {
  return `urn:problem-type:${code}`;
}

const STATUS_DEFAULTS: Record<number, { code: string; title: string }> = {
  400: { code: 'bad_request', title: 'Bad request' },
  401: { code: 'unauthorized', title: 'Unauthorized' },
  403: { code: 'forbidden', title: 'Forbidden' },
  404: { code: 'not_found', title: 'Not found' },
  405: { code: 'method_not_allowed', title: 'Method not allowed' },
  406: { code: 'not_acceptable', title: 'Not acceptable' },
  408: { code: 'request_timeout', title: 'Request timeout' },
  409: { code: 'conflict', title: 'Conflict' },
  411: { code: 'length_required', title: 'Length required' },
  412: { code: 'precondition_failed', title: 'Precondition failed' },
  413: { code: 'payload_too_large', title: 'Payload too large' },
  414: { code: 'uri_too_long', title: 'URI too long' },
  415: { code: 'unsupported_media_type', title: 'Unsupported media type' },
  422: { code: 'unprocessable_entity', title: 'Unprocessable entity' },
  428: { code: 'precondition_required', title: 'Precondition required' },
  429: { code: 'rate_limited', title: 'Too many requests' },
  500: { code: 'internal_error', title: 'Internal server error' },
  503: { code: 'service_unavailable', title: 'Service unavailable' },
};

export function statusDefaults(status: number): { code: string; title: string } {
  return (
    STATUS_DEFAULTS[status] ??
    (status >= 500
      ? STATUS_DEFAULTS[HttpStatus.INTERNAL_SERVER_ERROR]
      : { code: 'bad_request', title: 'Bad request' })
  );
}
