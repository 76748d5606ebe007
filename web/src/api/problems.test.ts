import { ProblemError } from '@shop/customers-sdk';
import { describe, expect, it } from 'vitest';
import { describeError } from './problems';

const problem = (overrides: Record<string, unknown>) => ({
  type: 'urn:problem-type:x',
  title: 'Bad Request',
  status: 400,
  detail: 'detail text',
  requestId: 'req-1',
  code: 'x',
  ...overrides,
});

describe('describeError', () => {
  it('puts each field error next to its field, the first per field, as a sentence', () => {
    const described = describeError(
      new ProblemError(
        problem({
          code: 'validation_failed',
          errors: [
            { field: 'email', message: 'email must be a valid email address' },
            { field: 'email', message: 'email must be shorter' },
            { field: 'billingAddress.city', message: 'city must be at most 100 characters.' },
          ],
        }),
      ),
    );
    expect(described.message).toBe('Some fields need attention.');
    expect(described.fields).toEqual({
      email: 'Email must be a valid email address.',
      'billingAddress.city': 'City must be at most 100 characters.',
    });
    expect(described.requestId).toBe('req-1');
  });

  it('uses words for known codes and the detail for the rest', () => {
    expect(
      describeError(new ProblemError(problem({ code: 'customer_email_taken', status: 409 })))
        .message,
    ).toBe('Another customer already uses this email.');
    expect(describeError(new ProblemError(problem({ code: 'something_new' }))).message).toBe(
      'detail text',
    );
  });

  it('treats a failed fetch as a network problem', () => {
    expect(describeError(new TypeError('Failed to fetch'))).toMatchObject({
      code: 'network_error',
      status: 0,
    });
  });
});
