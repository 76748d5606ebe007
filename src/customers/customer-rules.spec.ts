import {
  customerFieldsFrom,
  escapeLike,
  ifMatchAllows,
  normaliseEmail,
  normaliseTags,
  phoneDigits,
  phoneProblem,
  searchTerms,
  containsPattern,
} from './customer-rules';

describe('phoneProblem', () => {
  it.each([
    '555-0123',
    '+1 (555) 010-1234 ext. 7',
    '+44 20 7946 0958',
    '555.010.1234 x12',
    '(555) 0123 extension 3',
    '020/123456',
  ])('accepts %p', (phone) => {
    expect(phoneProblem(phone)).toBeNull();
  });

  it.each([
    ['555-CALL', /only digits/],
    ['call me', /only digits/],
    ['12', /between 3 and 20 digits/],
    ['1'.repeat(21), /between 3 and 20 digits/],
    ['1 '.repeat(21), /at most 40 characters/],
    ['   ', /must not be empty/],
    ['555-0123 ext', /only digits/],
    ['ext 7', /only digits/],
  ])('refuses %p', (phone, message) => {
    expect(phoneProblem(phone)).toMatch(message);
  });

  it('keeps the digits for search', () => {
    expect(phoneDigits('+1 (555) 010-1234 ext. 7')).toBe('155501012347');
  });
});

describe('email and tags', () => {
  it('trims and lower-cases emails', () => {
    expect(normaliseEmail('  John@CoffeeHouse.COM ')).toBe('john@coffeehouse.com');
  });

  it('trims tags and drops blanks and case-insensitive duplicates, keeping the first spelling', () => {
    expect(normaliseTags([' Wholesale ', 'wholesale', '', 'cafe', 'WHOLESALE', 'Cafe '])).toEqual([
      'Wholesale',
      'cafe',
    ]);
  });
});

describe('search terms', () => {
  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(containsPattern('50%_off')).toBe('%50\\%\\_off%');
  });

  it('lower-cases and trims the term; blank is no search', () => {
    expect(searchTerms('  Coffee ')).toEqual(['coffee']);
    expect(searchTerms('50%_off')).toEqual(['50%_off']);
    expect(searchTerms('   ')).toBeNull();
  });

  it('also looks for the digits of a phone-looking term', () => {
    expect(searchTerms('555-0123')).toEqual(['555-0123', '5550123']);
    expect(searchTerms('(555) 0123')).toEqual(['(555) 0123', '5550123']);
    expect(searchTerms('7-11')).toEqual(['7-11', '711']);
    expect(searchTerms('5550123')).toEqual(['5550123']);
    expect(searchTerms('coffee 555')).toEqual(['coffee 555']);
  });
});

describe('customerFieldsFrom', () => {
  it('normalises a full state, clearing what is absent', () => {
    expect(
      customerFieldsFrom({
        companyName: ' The Coffee House ',
        contactName: 'John Smith',
        email: 'John@CoffeeHouse.com',
        phone: ' ',
        billingAddress: { city: ' Portland ', line1: '' },
        shippingAddress: { line1: ' ' },
        tags: ['a', 'A'],
      }),
    ).toEqual({
      companyName: 'The Coffee House',
      contactName: 'John Smith',
      email: 'john@coffeehouse.com',
      phone: null,
      billingAddress: {
        line1: null,
        line2: null,
        city: 'Portland',
        region: null,
        postalCode: null,
        country: null,
      },
      shippingAddress: null,
      taxExempt: false,
      notes: null,
      tags: ['a'],
    });
  });
});

describe('ifMatchAllows', () => {
  it('allows a missing header, *, and the current version', () => {
    expect(ifMatchAllows(undefined, 3)).toBe(true);
    expect(ifMatchAllows('*', 3)).toBe(true);
    expect(ifMatchAllows('"3"', 3)).toBe(true);
    expect(ifMatchAllows('"2", "3"', 3)).toBe(true);
  });

  it('refuses a stale or malformed tag', () => {
    expect(ifMatchAllows('"2"', 3)).toBe(false);
    // Strong comparison: a weak tag never matches, even for the current version.
    expect(ifMatchAllows('W/"3"', 3)).toBe(false);
    expect(ifMatchAllows('W/"2", W/"3"', 3)).toBe(false);
    expect(ifMatchAllows('3', 3)).toBe(false);
    expect(ifMatchAllows('', 3)).toBe(false);
  });
});
