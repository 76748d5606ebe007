import { csvLine } from './csv-writer';
import { resolveHeader } from './import-columns';
import { columnForField, recordToCustomerInput } from './import-row';

describe('recordToCustomerInput', () => {
  const header = ['Company', 'Name', 'E-mail', 'Tel', 'Tax exempt', 'Tags', 'Billing City', 'Fax'];
  const { fields } = resolveHeader(header);

  it('builds the POST /customers body: nested addresses, booleans, tag lists, empty cells absent', () => {
    expect(
      recordToCustomerInput(
        ['Zoë’s Café', 'Zoë', 'zoe@cafe.example', '', 'Yes', 'vip; wholesale,,', 'Lyon', '123'],
        fields,
      ),
    ).toEqual({
      companyName: 'Zoë’s Café',
      contactName: 'Zoë',
      email: 'zoe@cafe.example',
      taxExempt: true,
      tags: ['vip', 'wholesale'],
      billingAddress: { city: 'Lyon' },
    });
  });

  it('leaves an unreadable boolean as text for validation to report, and ignores short rows', () => {
    expect(recordToCustomerInput(['A', 'B', 'c@d.e', '1', 'maybe'], fields)).toEqual({
      companyName: 'A',
      contactName: 'B',
      email: 'c@d.e',
      phone: '1',
      taxExempt: 'maybe',
    });
  });

  it('names the uploaded column of a field path', () => {
    expect(columnForField('email', header, fields)).toBe('E-mail');
    expect(columnForField('tags.1', header, fields)).toBe('Tags');
    expect(columnForField('billingAddress', header, fields)).toBe('Billing City');
    expect(columnForField('notes', header, fields)).toBeNull();
  });
});

describe('formula neutralisation round trip', () => {
  it('neutralises dangerous cells on the way out and restores them on the way in', () => {
    expect(csvLine(['=HYPERLINK("x")', '+1 555', '-2', '@SUM(A1)', 'plain, text', 'a "q"'])).toBe(
      `"'=HYPERLINK(""x"")",'+1 555,'-2,'@SUM(A1),"plain, text","a ""q"""\r\n`,
    );
    const { fields } = resolveHeader(['Company', 'Contact', 'Email', 'Phone']);
    expect(recordToCustomerInput(["'=cmd", 'x', 'y@z.io', "'+1 555"], fields)).toEqual({
      companyName: '=cmd',
      contactName: 'x',
      email: 'y@z.io',
      phone: '+1 555',
    });
  });
});
