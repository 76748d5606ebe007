import { diffChanges } from './audit-changes';

describe('diffChanges', () => {
  const before = {
    contactName: 'John Smith',
    phone: null as string | null,
    tags: ['vip'],
    billingAddress: { city: 'Austin', line1: '1 Main St' } as Record<string, string> | null,
    updatedAt: new Date('2026-01-01T00:00:00Z'),
  };

  it('lists only the fields that changed, with from and to', () => {
    const after = { ...before, contactName: 'Sarah Johnson', phone: '555-0123' };
    expect(diffChanges(before, after, ['contactName', 'phone', 'tags', 'billingAddress'])).toEqual({
      contactName: { from: 'John Smith', to: 'Sarah Johnson' },
      phone: { from: null, to: '555-0123' },
    });
  });

  it('compares objects and lists by value, not identity', () => {
    const after = {
      ...before,
      tags: ['vip'],
      billingAddress: { city: 'Austin', line1: '1 Main St' },
    };
    expect(diffChanges(before, after, ['tags', 'billingAddress'])).toEqual({});
    const moved = { ...before, billingAddress: { city: 'Dallas', line1: '1 Main St' } };
    expect(diffChanges(before, moved, ['billingAddress'])).toEqual({
      billingAddress: { from: before.billingAddress, to: moved.billingAddress },
    });
  });

  it('ignores fields not asked for and records dates as ISO strings', () => {
    const after = {
      ...before,
      updatedAt: new Date('2026-02-01T00:00:00Z'),
      contactName: 'John Smith',
    };
    expect(diffChanges(before, after, ['contactName'])).toEqual({});
    expect(diffChanges(before, after, ['updatedAt'])).toEqual({
      updatedAt: { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
    });
  });
});
