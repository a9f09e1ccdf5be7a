/**
 * The one CSV writer: RFC 4180 (fields quoted when they hold a comma, quote, CR or LF; quotes
 * doubled; CRLF line ends) plus spreadsheet-formula defusing. Key names are often user input (a
 * search term in a list key): a text cell starting with `=`, `+`, `-`, `@`, tab or CR would run as
 * a formula when the file is opened, so it gets a leading `'` (OWASP's advice). Numbers are data,
 * written as numbers.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(10)))) : '';
  const text = typeof v === 'boolean' ? String(v) : FORMULA_START.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

/** A whole file: a header row, then the rows, each ended by CRLF. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return [header, ...rows].map((r) => `${csvLine(r)}\r\n`).join('');
}
