import { customerChanges, EDITABLE_CUSTOMER_FIELDS } from './customer-changes';
import type { CustomerFields } from './customers.repository';

const stored = {
  id: 'c1',
  companyName: 'Acme Embroidery ',
  contactName: 'Ann Lee',
  email: 'ann@acme.example',
  phone: null,
  billingAddress: { line1: '1 Main St', city: 'Austin' },
  shippingAddress: null,
  taxExempt: false,
  notes: null,
  tags: ['vip'],
};

const billingAddress = {
  line1: '1 Main St',
  line2: null,
  city: 'Austin',
  region: null,
  postalCode: null,
  country: null,
};

const fromFile: CustomerFields = {
  companyName: 'Acme Embroidery',
  contactName: 'Ann Lee',
  email: 'ann@acme.example',
  phone: null,
  billingAddress,
  shippingAddress: null,
  taxExempt: false,
  notes: null,
  tags: ['vip'],
};

const ALL = EDITABLE_CUSTOMER_FIELDS;

describe('customerChanges', () => {
  it('leaves out a customer already as in the file (stored values normalised first)', () => {
    expect(customerChanges([stored], [{ id: 'c1', customer: fromFile }], ALL)).toEqual([]);
  });

  it('lists each changed field with from and to', () => {
    const customer = { ...fromFile, phone: '555-0100', tags: ['vip', 'wholesale'] };
    expect(customerChanges([stored], [{ id: 'c1', customer }], ALL)).toEqual([
      {
        id: 'c1',
        customer,
        changes: {
          phone: { from: null, to: '555-0100' },
          tags: { from: ['vip'], to: ['vip', 'wholesale'] },
        },
      },
    ]);
  });

  it('compares only the fields the file has columns for', () => {
    const customer = { ...fromFile, contactName: 'Bo Park', notes: 'Rush orders' };
    expect(customerChanges([stored], [{ id: 'c1', customer }], ['notes'])).toEqual([
      { id: 'c1', customer, changes: { notes: { from: null, to: 'Rush orders' } } },
    ]);
  });

  it('compares addresses by value, part by part', () => {
    const customer = { ...fromFile, billingAddress: { ...billingAddress, city: 'Dallas' } };
    const [change] = customerChanges([stored], [{ id: 'c1', customer }], ['billingAddress']);
    expect(change.changes).toEqual({
      billingAddress: { from: billingAddress, to: customer.billingAddress },
    });
  });

  it('skips updates of customers not found, keeping the others in order', () => {
    const other = { ...stored, id: 'c2', email: 'bo@acme.example' };
    const updates = [
      { id: 'c2', customer: { ...fromFile, email: 'bo@acme.example', notes: 'b' } },
      { id: 'gone', customer: { ...fromFile, notes: 'x' } },
      { id: 'c1', customer: { ...fromFile, notes: 'a' } },
    ];
    expect(customerChanges([stored, other], updates, ['notes']).map((c) => c.id)).toEqual([
      'c2',
      'c1',
    ]);
  });
});
