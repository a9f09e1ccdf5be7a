import type { AnalysisReport, ExportFile, ExportTable, WireBytes } from '../../../shared/contract';
import { TTL_BUCKETS } from '../../../shared/contract/keyspace';
import { csvLine } from '../../../shared/csv';

export type { ExportTable };

/** Two columns for a byte string: its text (UTF-8) or base64, and which one it is — exact either way. */
function bytesFields(w: WireBytes): [string, string] {
  return 'utf8' in w ? [w.utf8, 'utf8'] : [w.base64, 'base64'];
}

const line = csvLine;

export function reportCsv(report: AnalysisReport, table: ExportTable): string {
  const typeNames = [...new Set(report.namespaces.flatMap((n) => Object.keys(n.types)))].sort();
  const rows: string[] = [];
  if (table === 'namespaces') {
    rows.push(line(['prefix', 'prefix_encoding', 'keys', 'bytes', 'bytes_estimated', 'no_ttl', ...TTL_BUCKETS.map((b) => `ttl_${b}`), ...typeNames.map((t) => `type_${t}`)]));
    for (const n of report.namespaces)
      rows.push(line([...bytesFields(n.prefix), n.keys, n.bytes, n.bytesEstimated, n.noTtl, ...TTL_BUCKETS.map((b) => n.ttlBuckets[b]), ...typeNames.map((t) => n.types[t] ?? 0)]));
  } else if (table === 'topKeys') {
    rows.push(line(['key', 'key_encoding', 'type', 'bytes', 'bytes_estimated', 'ttl_ms']));
    for (const k of report.topKeys) rows.push(line([...bytesFields(k.key), k.type, k.bytes, k.bytesEstimated, k.ttlMs]));
  } else {
    rows.push(line(['pattern', 'kind', 'max_ttl_sec', 'keys', 'bytes', 'sample_keys']));
    for (const v of report.ttlViolations)
      rows.push(line([v.pattern, v.kind, v.maxTtlSec, v.count, v.bytes, v.samples.map((s) => ('utf8' in s.key ? s.key.utf8 : `base64:${s.key.base64}`)).join(' ')]));
  }
  return `${rows.join('\r\n')}\r\n`;
}

function stamp(ts: number): string {
  return new Date(ts).toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
}

export function exportReport(report: AnalysisReport, format: 'csv' | 'json', table: ExportTable): ExportFile {
  const base = `cachescope-analysis-db${report.db}-${stamp(report.finishedAt)}`;
  if (format === 'json') return { filename: `${base}.json`, mime: 'application/json', content: `${JSON.stringify(report, null, 2)}\n` };
  return { filename: `${base}-${table}.csv`, mime: 'text/csv', content: reportCsv(report, table) };
}
