import { EXPORT_COLUMNS, fieldForHeader, headerKey, resolveHeader } from './import-columns';

describe('header aliases', () => {
  it.each([
    ['Company', 'companyName'],
    ['Company Name', 'companyName'],
    ['company_name', 'companyName'],
    ['BUSINESS', 'companyName'],
    ['Contact', 'contactName'],
    ['Contact Person', 'contactName'],
    ['name', 'contactName'],
    ['E-mail', 'email'],
    ['Email Address', 'email'],
    ['email', 'email'],
    ['Phone', 'phone'],
    ['Phone Number', 'phone'],
    ['TEL', 'phone'],
    [' Billing Postal Code ', 'billingAddress.postalCode'],
    ['shipping_city', 'shippingAddress.city'],
  ])('maps "%s" to %s, case-insensitively', (header, field) => {
    expect(fieldForHeader(header)).toBe(field);
  });

  it('reduces headers to lower-case letters and digits', () => {
    expect(headerKey(' E-Mail_Address ')).toBe('emailaddress');
    expect(headerKey('Société')).toBe('société');
  });

  it('reads back every header it exports', () => {
    for (const { field, header } of EXPORT_COLUMNS) expect(fieldForHeader(header)).toBe(field);
  });
});

describe('resolveHeader', () => {
  it('lists unknown columns, ignores blank trailing headers, and reports missing required ones', () => {
    const resolved = resolveHeader(['Business', 'Fax', 'E-mail', '', 'Loyalty tier']);
    expect(resolved.fields).toEqual(['companyName', null, 'email', null, null]);
    expect(resolved.unknownColumns).toEqual(['Fax', 'Loyalty tier']);
    expect(resolved.missingRequired).toEqual(['contactName']);
    expect(resolved.duplicated).toEqual([]);
  });

  it('lets an explicit mapping name columns the aliases do not know', () => {
    const resolved = resolveHeader(['Firma', 'Ansprechpartner', 'Email'], {
      firma: 'companyName',
      Ansprechpartner: 'contactName',
    });
    expect(resolved.fields).toEqual(['companyName', 'contactName', 'email']);
    expect(resolved.missingRequired).toEqual([]);
  });

  it('reports two columns claiming one field', () => {
    const resolved = resolveHeader(['Company', 'Business', 'Contact', 'Email']);
    expect(resolved.duplicated).toEqual([
      { field: 'companyName', columns: ['Company', 'Business'] },
    ]);
  });
});
