import type { OnDuplicate } from './customer-import.entity';
import {
  decideRow,
  looksUpExisting,
  type ExistingCustomer,
  type RowDecision,
  type RowSituation,
} from './duplicate-policy';

/** What the caller passes through: a new row's customer id, a changed customer's changes. */
type Situation = RowSituation<string, { notes: string }>;
type Decision = RowDecision<string, { notes: string }>;

const EMAIL = 'ann@acme.example';
const CHANGE = { notes: 'Rush orders' };
const situations = {
  new: { kind: 'new', created: 'id-1' },
  inFileDuplicate: { kind: 'duplicateInFile', email: EMAIL, firstRow: 7 },
  existingUnchanged: { kind: 'existing', email: EMAIL, customer: { state: 'unchanged' } },
  existingChanged: {
    kind: 'existing',
    email: EMAIL,
    customer: { state: 'changed', change: CHANGE },
  },
} satisfies Record<string, Situation>;

const create: Decision = { action: 'create', created: 'id-1' };
const update: Decision = { action: 'update', change: CHANGE };
const skip: Decision = { action: 'skip' };
const inFile: Decision = {
  action: 'fail',
  code: 'duplicate_in_file',
  message: 'The email ann@acme.example is already on row 7 of this file.',
};
const taken: Decision = {
  action: 'fail',
  code: 'customer_email_taken',
  message: 'A customer with the email ann@acme.example already exists.',
};

const expected: Record<OnDuplicate, Record<keyof typeof situations, Decision>> = {
  skip: { new: create, inFileDuplicate: inFile, existingUnchanged: skip, existingChanged: skip },
  error: { new: create, inFileDuplicate: inFile, existingUnchanged: taken, existingChanged: taken },
  update: {
    new: create,
    inFileDuplicate: inFile,
    existingUnchanged: skip,
    existingChanged: update,
  },
};

describe('decideRow', () => {
  const cases = (Object.keys(expected) as OnDuplicate[]).flatMap((policy) =>
    (Object.keys(situations) as (keyof typeof situations)[]).map(
      (name) => [policy, name, situations[name], expected[policy][name]] as const,
    ),
  );

  it.each(cases)('onDuplicate=%s, %s row', (policy, _name, situation, decision) => {
    expect(decideRow<string, { notes: string }>(policy, situation)).toEqual(decision);
  });

  it('skip and error decide on the email alone; update needs the customer looked up', () => {
    expect(looksUpExisting('skip')).toBe(false);
    expect(looksUpExisting('error')).toBe(false);
    expect(looksUpExisting('update')).toBe(true);
    const notLookedUp: Situation = {
      kind: 'existing',
      email: EMAIL,
      customer: { state: 'notLookedUp' },
    };
    expect(decideRow('skip', notLookedUp)).toEqual(skip);
    expect(decideRow('error', notLookedUp)).toEqual(taken);
    expect(() => decideRow('update', notLookedUp)).toThrow(/look it up/);
  });

  it.each<[ExistingCustomer<never>, Decision]>([
    [
      { state: 'archived' },
      {
        action: 'fail',
        code: 'customer_archived',
        message:
          'The customer with the email ann@acme.example is archived; restore it to update it.',
      },
    ],
    [{ state: 'missing' }, taken],
  ])('onDuplicate=update fails the row of a customer %o', (customer, decision) => {
    expect(decideRow('update', { kind: 'existing', email: EMAIL, customer })).toEqual(decision);
  });

  it('refuses a policy it does not know instead of silently choosing one', () => {
    const unknown = 'merge' as OnDuplicate;
    expect(() => looksUpExisting(unknown)).toThrow('Unhandled onDuplicate: merge');
    expect(() => decideRow(unknown, situations.existingChanged)).toThrow(
      'Unhandled onDuplicate: merge',
    );
  });
});
