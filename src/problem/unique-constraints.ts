/**
 * Unique constraints (and unique indexes) whose violation a client can cause, mapped to the
 * stable problem code and field. One place, so a race that slips past a service's pre-check
 * still ends as the same 409 the pre-check would have given.
 */
export const UNIQUE_CONSTRAINT_PROBLEMS: Record<
  string,
  { code: string; field?: string; detail: string }
> = {
  uq_api_keys_name: {
    code: 'api_key_name_taken',
    field: 'name',
    detail: 'An API key with this name already exists.',
  },
  uq_users_email: {
    code: 'user_email_taken',
    field: 'email',
    detail: 'A person with this email already exists.',
  },
  uq_customers_email: {
    code: 'customer_email_taken',
    field: 'email',
    detail: 'A customer with this email already exists (archived customers included).',
  },
};
