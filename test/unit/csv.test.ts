import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from '../../shared/csv';
import { rowsToCsv } from '../../shared/chart-series';
import { toCsv } from '../../electron/core/audit/audit-log';
import { reportCsv } from '../../electron/core/analysis/export';
import type { AnalysisReport, AuditEntry } from '../../shared/contract';

const HOSTILE = ['=HYPERLINK("http://evil","x")', '+1+cmd|/C calc', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];

describe('the one CSV writer', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) and ends rows with CRLF', () => {
    expect(csvCell('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csvDocument(['h1', 'h2'], [['x', 1], [null, 2.5]])).toBe('h1,h2\r\nx,1\r\n,2.5\r\n');
  });

  it.each(HOSTILE)('defuses a text cell that a spreadsheet would run as a formula: %j', (text) => {
    const cell = csvCell(text);
    // Unquoted, the cell starts with the apostrophe; quoted, the apostrophe comes right after the quote.
    expect(cell.replace(/^"/, '').startsWith("'")).toBe(true);
    expect(cell).toContain(text.replace(/"/g, '""'));
  });

  it('leaves numbers as numbers, negative ones included', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(0.1 + 0.2)).toBe('0.3');
  });
});

describe('every export goes through it: a key named like a formula is defused', () => {
  const evil = '=HYPERLINK("http://evil","click")';

  it('analysis export: namespaces, top keys and TTL violations', () => {
    const report = {
      db: 0,
      finishedAt: 0,
      namespaces: [{ prefix: { utf8: evil }, keys: 1, bytes: 10, bytesEstimated: false, noTtl: 1, ttlBuckets: {}, types: { string: 1 } }],
      topKeys: [{ key: { utf8: evil }, type: 'string', bytes: 10, bytesEstimated: false, ttlMs: null }],
      ttlViolations: [{ pattern: '=cmd', kind: 'no-ttl', maxTtlSec: null, count: 1, bytes: 10, samples: [{ key: { utf8: evil } }] }],
    } as unknown as AnalysisReport;
    for (const table of ['namespaces', 'topKeys', 'violations'] as const) {
      const rows = reportCsv(report, table).split('\r\n').slice(1);
      expect(rows[0]!.startsWith('=')).toBe(false);
      expect(rows[0]!.replace(/^"/, '').startsWith("'=")).toBe(true);
    }
  });

  it('audit export', () => {
    const csv = toCsv([{ ts: 0, target: evil, message: '@x' } as unknown as AuditEntry]);
    expect(csv).toContain(`"'=HYPERLINK(`);
    expect(csv).toContain(",'@x");
  });

  it('chart export (series labels come from app-stats field names)', () => {
    const csv = rowsToCsv([{ ts: 0, v: 1 }], [{ label: evil, value: (r) => r.v }]);
    expect(csv.split('\r\n')[0]).toBe(`time,"'=HYPERLINK(""http://evil"",""click"")"`);
  });
});
