import type { OnDuplicate } from './customer-import.entity';

/**
 * The existing customer with a valid row's email, as far as the policy needs to know it:
 * `notLookedUp` for the policies that decide on the email alone (see `looksUpExisting`),
 * `missing` if it could not be found (customers are never deleted), else its state; a
 * changed one carries what would change (`Change`, passed through to the decision).
 */
export type ExistingCustomer<Change> =
  | { state: 'notLookedUp' }
  | { state: 'missing' }
  | { state: 'archived' }
  | { state: 'unchanged' }
  | { state: 'changed'; change: Change };

/**
 * Where a valid row's email stands. A new row carries what the caller knows of its customer
 * (`Created`: its id in a real run, nothing in a dry run), passed through to the decision.
 */
export type RowSituation<Created, Change> =
  | { kind: 'new'; created: Created }
  | { kind: 'duplicateInFile'; email: string; firstRow: number }
  | { kind: 'existing'; email: string; customer: ExistingCustomer<Change> };

export type RowDecision<Created, Change> =
  | { action: 'create'; created: Created }
  | { action: 'update'; change: Change }
  | { action: 'skip' }
  /** The row fails on its email. */
  | { action: 'fail'; code: string; message: string };

function assertNever(value: never): never {
  throw new Error(`Unhandled onDuplicate: ${String(value)}`);
}

/** Whether the policy needs the existing customers looked up (and compared to their rows). */
export function looksUpExisting(onDuplicate: OnDuplicate): boolean {
  switch (onDuplicate) {
    case 'skip':
    case 'error':
      return false;
    case 'update':
      return true;
    default:
      return assertNever(onDuplicate);
  }
}

function emailTaken(email: string) {
  return {
    action: 'fail',
    code: 'customer_email_taken',
    message: `A customer with the email ${email} already exists.`,
  } as const;
}

/**
 * The import's duplicate policy for one valid row, the same in a real and a dry run. An email
 * an earlier row of the file had always fails; a new one is always created; an existing
 * customer is skipped, fails its row, or is updated, per `onDuplicate`.
 */
export function decideRow<Created, Change>(
  onDuplicate: OnDuplicate,
  situation: RowSituation<Created, Change>,
): RowDecision<Created, Change> {
  switch (situation.kind) {
    case 'new':
      return { action: 'create', created: situation.created };
    case 'duplicateInFile':
      return {
        action: 'fail',
        code: 'duplicate_in_file',
        message: `The email ${situation.email} is already on row ${situation.firstRow} of this file.`,
      };
    case 'existing':
      return decideExisting(onDuplicate, situation.email, situation.customer);
    default:
      return assertNever(situation);
  }
}

function decideExisting<Change>(
  onDuplicate: OnDuplicate,
  email: string,
  customer: ExistingCustomer<Change>,
): RowDecision<never, Change> {
  switch (onDuplicate) {
    case 'skip':
      return { action: 'skip' };
    case 'error':
      return emailTaken(email);
    case 'update':
      return decideUpdate(email, customer);
    default:
      return assertNever(onDuplicate);
  }
}

function decideUpdate<Change>(
  email: string,
  customer: ExistingCustomer<Change>,
): RowDecision<never, Change> {
  switch (customer.state) {
    case 'changed':
      return { action: 'update', change: customer.change };
    case 'unchanged':
      return { action: 'skip' }; // already exactly as in the file
    case 'archived':
      return {
        action: 'fail',
        code: 'customer_archived',
        message: `The customer with the email ${email} is archived; restore it to update it.`,
      };
    case 'missing':
      return emailTaken(email);
    case 'notLookedUp':
      throw new Error('onDuplicate=update decides on the existing customer: look it up first');
    default:
      return assertNever(customer);
  }
}
