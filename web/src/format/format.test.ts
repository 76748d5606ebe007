import { describe, expect, it } from 'vitest';
import { addressLines, describeAuditEntry, timeAgo } from './format';

const entry = (overrides: Record<string, unknown>) =>
  ({
    id: 'e1',
    action: 'updated',
    actor: { keyId: null, name: 'Ana' },
    changes: null,
    entityId: 'c1',
    entityType: 'customer',
    metadata: null,
    occurredAt: '2026-01-01T10:00:00Z',
    requestId: null,
    ...overrides,
  }) as Parameters<typeof describeAuditEntry>[0];

describe('the activity timeline in words', () => {
  it('says who changed what from what to what', () => {
    expect(
      describeAuditEntry(
        entry({ changes: { contactName: { from: 'John Smith', to: 'Sarah Johnson' } } }),
      ),
    ).toBe('Ana changed contact from John Smith to Sarah Johnson');
  });

  it('describes work order moves with their number', () => {
    expect(
      describeAuditEntry(
        entry({
          action: 'status_in_production',
          entityType: 'work_order',
          metadata: { number: 'WO-000012' },
        }),
      ),
    ).toBe('Ana moved work order #WO-000012 to In production');
  });

  it('names the API key a person created or revoked', () => {
    const key = { entityType: 'api_key', metadata: { name: 'Web shop sync', role: 'manager' } };
    expect(describeAuditEntry(entry({ ...key, action: 'created' }))).toBe(
      'Ana created the API key “Web shop sync”',
    );
    expect(describeAuditEntry(entry({ ...key, action: 'revoked' }))).toBe(
      'Ana revoked the API key “Web shop sync”',
    );
  });

  it('gives relative times', () => {
    const now = Date.parse('2026-01-01T10:02:00Z');
    expect(timeAgo('2026-01-01T10:00:00Z', now)).toBe('2 minutes ago');
    expect(timeAgo('2026-01-01T10:01:50Z', now)).toBe('just now');
    expect(timeAgo('2025-12-31T10:00:00Z', now)).toBe('yesterday');
  });
});

describe('addresses as their country writes them', () => {
  const base = { line1: '1 Main Street', line2: null, city: 'Portland', postalCode: '97201' };

  it('puts city, region and ZIP on one line in the US', () => {
    expect(addressLines({ ...base, region: 'OR', country: 'US' })).toEqual([
      '1 Main Street',
      'Portland, OR 97201',
      'US',
    ]);
  });

  it('puts the postal code before the city elsewhere', () => {
    expect(
      addressLines({ ...base, city: 'Berlin', postalCode: '10115', region: null, country: 'DE' }),
    ).toEqual(['1 Main Street', '10115 Berlin', 'DE']);
  });

  it('leaves out missing parts without stray commas', () => {
    expect(addressLines({ city: 'Portland', country: 'US' })).toEqual(['Portland', 'US']);
    expect(addressLines({})).toEqual([]);
  });
});
