import {
  decodeUtf8,
  detectDelimiter,
  MalformedCsvError,
  MAX_ROW_CHARS,
  NotCsvError,
  readCsvRecords,
  type CsvRecord,
} from './csv-reader';

async function* bytes(...chunks: (string | Buffer)[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8');
}

async function records(...chunks: (string | Buffer)[]): Promise<CsvRecord[]> {
  const text: string[] = [];
  for await (const part of decodeUtf8(bytes(...chunks))) text.push(part);
  const out: CsvRecord[] = [];
  for await (const record of readCsvRecords(
    (async function* () {
      yield* text;
    })(),
    detectDelimiter(text.join('')),
  )) {
    out.push(record);
  }
  return out;
}

describe('detectDelimiter', () => {
  it('picks the delimiter of the header line among comma, semicolon and tab', () => {
    expect(detectDelimiter('Company,Contact,Email\n')).toBe(',');
    expect(detectDelimiter('Company;Contact;Email\r\na,b;c\r\n')).toBe(';');
    expect(detectDelimiter('\uFEFFCompany\tContact\tEmail')).toBe('\t');
  });

  it('ignores delimiters inside quoted headers and defaults to comma', () => {
    expect(detectDelimiter('"Name, full";"Company, legal";Email\n')).toBe(';');
    expect(detectDelimiter('Email\nx@y.z,a,b,c\n')).toBe(',');
  });
});

describe('readCsvRecords', () => {
  it('numbers rows as a spreadsheet does: header 1, blank lines counted, multi-line cells one row', async () => {
    const result = await records(
      'Company,Contact\r\n"Acme, Inc.","Line one\r\nline two"\r\n\r\nZoë\'s Café,"He said ""hi"""\r\n',
    );
    expect(result).toEqual([
      { row: 1, cells: ['Company', 'Contact'] },
      { row: 2, cells: ['Acme, Inc.', 'Line one\r\nline two'] },
      { row: 4, cells: ["Zoë's Café", 'He said "hi"'] },
    ]);
  });

  it('handles a BOM, LF endings, tabs, trailing empty columns and unicode split across chunks', async () => {
    const name = Buffer.from('株式会社\tx\n', 'utf8');
    const result = await records(
      Buffer.from('\uFEFFCompany\tContact\t\n', 'utf8'),
      name.subarray(0, 2),
      name.subarray(2),
      ',,\t\t\n',
    );
    expect(result).toEqual([
      { row: 1, cells: ['Company', 'Contact', ''] },
      { row: 2, cells: ['株式会社', 'x'] },
      { row: 3, cells: [',,', '', ''] },
    ]);
  });

  it('skips rows whose cells are all empty but keeps counting them', async () => {
    const result = await records('a;b\n;\n\n1;2');
    expect(result).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 4, cells: ['1', '2'] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries, quotes and CRLF included', async () => {
    const text = 'a,b\r\n"x ""q""","multi\r\nline"\r\n\r\n"end",z\r\n';
    const whole = await records(text);
    expect(whole).toEqual([
      { row: 1, cells: ['a', 'b'] },
      { row: 2, cells: ['x "q"', 'multi\r\nline'] },
      { row: 4, cells: ['end', 'z'] },
    ]);
    for (let size = 1; size < text.length; size++) {
      const pieces: string[] = [];
      for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
      expect(await records(...pieces)).toEqual(whole);
    }
  });

  it('reads a piece far larger than one parser slice exactly, rows straddling slices included', async () => {
    const rows = Array.from(
      { length: 6000 },
      (_, i) => `"Zoë's Café ${i}, 株式会社","line\r\nbreak ${i}",x${i}`,
    );
    const text = `company,notes,code\r\n${rows.join('\r\n')}\r\n`;
    expect(text.length).toBeGreaterThan(4 * 64 * 1024);
    const read = await records(text);
    expect(read).toHaveLength(6001);
    read.slice(1).forEach((record, i) => {
      expect(record).toEqual({
        row: i + 2,
        cells: [`Zoë's Café ${i}, 株式会社`, `line\r\nbreak ${i}`, `x${i}`],
      });
    });
  });

  it('refuses an unterminated quote with the row it starts on instead of swallowing the file', async () => {
    const error = await records('a,b\n1,2\n"open,3\n4,5\n6,7\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedCsvError);
    expect(error).toMatchObject({ row: 3, reason: 'MissingQuotes' });
    expect((error as Error).message).toBe(
      'Row 3 opens a quoted cell that is never closed: a " is missing.',
    );
  });

  it('refuses text after a closing quote, with its row, even when the row spans chunks', async () => {
    const error = await records('a,b\n1,2\n3,"bad"x', ',4\n5,6\n').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedCsvError);
    expect(error).toMatchObject({ row: 3, reason: 'InvalidQuotes' });
  });

  it('stops at a row longer than MAX_ROW_CHARS (an open quote) without reading on', async () => {
    const long = 'x'.repeat(64 * 1024);
    const chunks = ['a,b\n"open,', ...Array.from({ length: 20 }, () => long)];
    await expect(records(...chunks)).rejects.toMatchObject({ row: 2, reason: 'MissingQuotes' });
    expect(20 * long.length).toBeGreaterThan(MAX_ROW_CHARS);
  });

  it('refuses binary and non-UTF-8 bytes', async () => {
    await expect(records(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).rejects.toThrow(
      NotCsvError,
    );
    await expect(records(Buffer.from('Caf\xe9,x\n', 'latin1'))).rejects.toThrow(NotCsvError);
  });
});
