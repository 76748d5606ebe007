import { describe, expect, it } from 'vitest';
import { missingRequired, parseHeaderLine, resolveColumns } from './csv-header';

describe('the CSV header read before upload', () => {
  it('splits a quoted, semicolon-separated header with a BOM', () => {
    expect(parseHeaderLine('\uFEFF"Firma";"Contact; Person";E-Mail\r\na;b;c')).toEqual([
      'Firma',
      'Contact; Person',
      'E-Mail',
    ]);
  });

  it("recognises the service's aliases and reports required fields left unmapped", () => {
    const columns = resolveColumns(['Firma', 'Contact Person', 'E-mail', 'Shoe size']);
    expect(columns.map((c) => c.known)).toEqual([undefined, 'contactName', 'email', undefined]);
    expect(missingRequired(columns, {})).toEqual(['companyName']);
    expect(missingRequired(columns, { Firma: 'companyName' })).toEqual([]);
  });
});
