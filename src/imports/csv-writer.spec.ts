import Papa from 'papaparse';
import { csvLine, neutraliseFormula } from './csv-writer';
import { unneutralise } from './import-row';

describe('neutraliseFormula', () => {
  it.each([
    ['=1+2', "'=1+2"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=cmd', "'\t=cmd"],
    ['\rline', "'\rline"],
  ])('prefixes %j with a quote so a spreadsheet keeps it text', (cell, expected) => {
    expect(neutraliseFormula(cell)).toBe(expected);
    expect(unneutralise(expected)).toBe(cell);
  });

  it.each(['Acme', 'a=b', 'x-1', ' =1', "'=already", '', '5'])('leaves %j alone', (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });
});

describe('csvLine', () => {
  it('quotes what needs quoting and ends the line with CRLF', () => {
    expect(csvLine(['a', 'b,c', 'say "hi"', 'two\nlines', ' padded'])).toBe(
      'a,"b,c","say ""hi""","two\nlines"," padded"\r\n',
    );
  });

  it('writes neutralised cells that parse back to exactly the prefixed text', () => {
    const cells = ['=HYPERLINK("x")', '-1', '\tx', '\ry', '@a', 'plain'];
    const line = csvLine(cells, ';');
    const [parsed] = Papa.parse<string[]>(line, { delimiter: ';', skipEmptyLines: true }).data;
    expect(parsed).toEqual([`'=HYPERLINK("x")`, "'-1", "'\tx", "'\ry", "'@a", 'plain']);
    expect(parsed.map(unneutralise)).toEqual(cells);
  });
});
