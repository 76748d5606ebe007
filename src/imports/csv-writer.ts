/** A cell a spreadsheet would run as a formula, prefixed with `'` so it stays text (OWASP). */
export function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** One CSV line (RFC 4180, CRLF), every cell neutralised against formula injection. */
export function csvLine(cells: readonly string[], delimiter = ','): string {
  return (
    cells
      .map((raw) => {
        const cell = neutraliseFormula(raw);
        return /["\r\n]/.test(cell) || cell.includes(delimiter) || /^\s|\s$/.test(cell)
          ? `"${cell.replace(/"/g, '""')}"`
          : cell;
      })
      .join(delimiter) + '\r\n'
  );
}

/** Excel reads a CSV as UTF-8 only with a byte order mark; the importer ignores it. */
export const UTF8_BOM = '\uFEFF';
