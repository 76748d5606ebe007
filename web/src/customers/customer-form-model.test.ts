import { describe, expect, it } from 'vitest';
import {
  customerToForm,
  emptyCustomerForm,
  formFieldOf,
  formToCustomerInput,
  parseTags,
  validateCustomerForm,
} from './customer-form-model';

const valid = () => ({
  ...emptyCustomerForm(),
  companyName: 'The Coffee House',
  contactName: 'John Smith',
  email: 'John@CoffeeHouse.com',
});

describe('validateCustomerForm (mirrors the contract)', () => {
  it('accepts the smallest valid customer', () => {
    expect(validateCustomerForm(valid())).toEqual({});
  });

  it('names each required field that is empty or only spaces', () => {
    expect(validateCustomerForm({ ...emptyCustomerForm(), companyName: '   ' })).toEqual({
      companyName: 'Enter the company name.',
      contactName: 'Enter the contact person.',
      email: 'Enter an email address.',
    });
  });

  it('refuses an email without a domain, and over-long names', () => {
    const errors = validateCustomerForm({
      ...valid(),
      email: 'john@',
      companyName: 'x'.repeat(201),
    });
    expect(errors).toEqual({
      email: 'Enter an email address like name@example.com.',
      companyName: 'Use at most 200 characters (now 201).',
    });
  });

  it('checks phone numbers as the service does: punctuation, extension, 3 to 20 digits', () => {
    expect(validateCustomerForm({ ...valid(), phone: '555-0123 ext. 7' })).toEqual({});
    expect(validateCustomerForm({ ...valid(), phone: 'call me' }).phone).toMatch(/digits, spaces/);
    expect(validateCustomerForm({ ...valid(), phone: '12' }).phone).toBe(
      'A phone number has 3 to 20 digits.',
    );
  });

  it('limits tags to 20 of at most 50 characters, and address parts to their lengths', () => {
    const many = Array.from({ length: 21 }, (_, i) => `t${i}`).join(',');
    expect(validateCustomerForm({ ...valid(), tags: many }).tags).toBe(
      'Use at most 20 tags (now 21).',
    );
    expect(validateCustomerForm({ ...valid(), tags: 'x'.repeat(51) }).tags).toMatch(
      /at most 50 characters/,
    );
    const long = {
      ...valid(),
      billingAddress: { ...valid().billingAddress, postalCode: '1'.repeat(21) },
    };
    expect(validateCustomerForm(long)).toEqual({
      'billingAddress.postalCode': 'Use at most 20 characters.',
    });
  });
});

describe('form ↔ API', () => {
  it('trims, lower-cases the email, drops empty addresses and duplicate tags', () => {
    const input = formToCustomerInput({
      ...valid(),
      tags: ' VIP, vip ,, embroidery ',
      notes: '  ',
    });
    expect(input).toEqual({
      companyName: 'The Coffee House',
      contactName: 'John Smith',
      email: 'john@coffeehouse.com',
      phone: null,
      billingAddress: null,
      shippingAddress: null,
      tags: ['VIP', 'embroidery'],
      taxExempt: false,
      notes: null,
    });
  });

  it('keeps a partly filled address with its empty parts as null', () => {
    const form = { ...valid(), shippingAddress: { ...valid().shippingAddress, city: 'Portland' } };
    expect(formToCustomerInput(form).shippingAddress).toEqual({
      line1: null,
      line2: null,
      city: 'Portland',
      region: null,
      postalCode: null,
      country: null,
    });
  });

  it('round-trips a customer from the API into the form', () => {
    const form = customerToForm({
      id: 'c1',
      companyName: 'A',
      contactName: 'B',
      email: 'a@b.co',
      phone: null,
      billingAddress: {
        line1: 'Main St 1',
        line2: null,
        city: 'X',
        region: null,
        postalCode: '1',
        country: 'US',
      },
      shippingAddress: null,
      tags: ['a', 'b'],
      taxExempt: true,
      notes: null,
      status: 'active',
      archivedAt: null,
      activeOrdersCount: 0,
      totalOrdersCount: 0,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      version: 1,
    });
    expect(form.tags).toBe('a, b');
    expect(form.billingAddress.line2).toBe('');
    expect(form.shippingAddress.city).toBe('');
    expect(form.taxExempt).toBe(true);
  });

  it('parses tags and maps per-tag problem paths to the tags field', () => {
    expect(parseTags('a, b ,A')).toEqual(['a', 'b']);
    expect(formFieldOf('tags.3')).toBe('tags');
    expect(formFieldOf('billingAddress.city')).toBe('billingAddress.city');
  });
});
