import { describe, expect, it } from 'vitest';
import { emptyCustomerForm } from './customer-form-model';
import { collisions, differences, reapply } from './edit-conflict';

const base = {
  ...emptyCustomerForm(),
  companyName: 'The Coffee House',
  contactName: 'John Smith',
  email: 'john@coffeehouse.com',
};

describe('a 412 conflict', () => {
  it('lists what the other person changed', () => {
    const latest = { ...base, contactName: 'Sarah Johnson' };
    expect(differences(base, latest)).toEqual([
      { field: 'contactName', label: 'Contact person', from: 'John Smith', to: 'Sarah Johnson' },
    ]);
  });

  it('reapplies only my changes on top of the latest version, keeping theirs elsewhere', () => {
    const latest = { ...base, contactName: 'Sarah Johnson' };
    const mine = {
      ...base,
      phone: '555-0123',
      billingAddress: { ...base.billingAddress, city: 'Portland' },
    };
    const merged = reapply(base, mine, latest);
    expect(merged.contactName).toBe('Sarah Johnson');
    expect(merged.phone).toBe('555-0123');
    expect(merged.billingAddress.city).toBe('Portland');
    expect(collisions(base, mine, latest)).toEqual([]);
  });

  it('flags a field both changed to different values', () => {
    const latest = { ...base, contactName: 'Sarah Johnson' };
    const mine = { ...base, contactName: 'Jane Doe' };
    expect(collisions(base, mine, latest)).toEqual(['contactName']);
    expect(reapply(base, mine, latest).contactName).toBe('Jane Doe');
  });
});
