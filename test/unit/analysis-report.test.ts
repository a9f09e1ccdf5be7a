import { describe, expect, it } from 'vitest';
import { exportReport, reportCsv } from '../../electron/core/analysis/export';
import { buildReport, TOP_KEYS } from '../../electron/core/analysis/report';
import { TTL_PRESETS } from '../../electron/core/analysis/ttl-presets';
import { KeyIndex, NO_EXPIRY, UNKNOWN_SIZE } from '../../electron/core/scan/key-index';
import type { AnalysisReport, NamespaceStats, TtlRule } from '../../shared/contract';

const NOW = 1_800_000_000_000;
const MIN = 60_000;
const b = (s: string) => Buffer.from(s, 'utf8');
const text = (w: { utf8: string } | { base64: string }) => ('utf8' in w ? w.utf8 : `b64:${w.base64}`);

function sample(): KeyIndex {
  const ix = new KeyIndex(8);
  for (let i = 0; i < 30; i++) ix.add(b(`user:${i}`), 'string', NOW + 20 * MIN, 100);
  for (let i = 0; i < 10; i++) ix.add(b(`user:${i}:profile`), 'hash', i < 3 ? NO_EXPIRY : NOW + 2 * 86_400_000, 1000);
  for (let i = 0; i < 5; i++) ix.add(b(`skillup:course:${i}`), 'string', NOW + 30 * 1000, 50);
  ix.add(b('skillup:user:1'), 'string', NOW + 10 * 86_400_000, UNKNOWN_SIZE);
  ix.add(b('config'), 'string', NO_EXPIRY, 10);
  ix.add(Buffer.from([0xff, 0x3a, 0x00]), 'list', NO_EXPIRY, 7);
  ix.add(b('gone'), 'string', NO_EXPIRY, 1);
  ix.remove(b('gone'));
  return ix;
}

const byPrefix = (ns: NamespaceStats[]) => Object.fromEntries(ns.map((n) => [text(n.prefix), n]));

describe('buildReport', () => {
  it('sums every live key once into its namespace at the chosen depth; totals equal the sum', () => {
    const r = buildReport(sample(), { delimiter: ':', depth: 1, fold: null, ttlRules: [] }, NOW);
    expect(r.totals).toMatchObject({ keys: 48, noTtl: 5, bytesEstimated: true, types: { string: 37, hash: 10, list: 1 } });
    expect(r.totals.bytes).toBe(30 * 100 + 10 * 1000 + 5 * 50 + 10 + 7);
    const ns = byPrefix(r.namespaces);
    expect(Object.keys(ns).sort()).toEqual(['', `b64:${Buffer.from([0xff, 0x3a]).toString('base64')}`, 'skillup:', 'user:']);
    expect(ns['user:']).toMatchObject({ keys: 40, bytes: 13_000, noTtl: 3, types: { string: 30, hash: 10 } });
    expect(ns['user:']!.ttlBuckets).toEqual({ none: 3, lt1m: 0, lt1h: 30, lt1d: 0, lt7d: 7, gte7d: 0 });
    expect(ns['skillup:']).toMatchObject({ keys: 6, bytes: 250, bytesEstimated: true });
    expect(ns['']).toMatchObject({ keys: 1, noTtl: 1 }); // `config`: no delimiter
    expect(r.namespaces.reduce((s, n) => s + n.keys, 0)).toBe(r.totals.keys);
    // Ranked by memory.
    expect(r.namespaces.map((n) => text(n.prefix))[0]).toBe('user:');
  });

  it('goes deeper with depth, and folds an app prefix so it does not use up a level', () => {
    const deep = byPrefix(buildReport(sample(), { delimiter: ':', depth: 2, fold: null, ttlRules: [], collapseIds: false }, NOW).namespaces);
    expect(deep['user:']!.keys).toBe(30); // user:<id> stops at its last delimiter
    expect(deep['user:3:']!.keys).toBe(1);
    expect(deep['skillup:course:']!.keys).toBe(5);
    const folded = byPrefix(buildReport(sample(), { delimiter: ':', depth: 1, fold: b('skillup:'), ttlRules: [] }, NOW).namespaces);
    expect(folded['skillup:course:']!.keys).toBe(5);
    expect(folded['skillup:user:']!.keys).toBe(1);
    expect(folded['skillup:']).toBeUndefined();
    expect(folded['user:']!.keys).toBe(40); // keys outside the fold are unaffected
  });

  it('keeps the 50 largest keys, largest first, skipping unknown sizes', () => {
    const ix = new KeyIndex();
    for (let i = 0; i < 500; i++) ix.add(b(`k${i}`), 'string', NO_EXPIRY, (i * 37) % 500);
    ix.add(b('unknown'), 'string', NO_EXPIRY, UNKNOWN_SIZE);
    const top = buildReport(ix, { delimiter: ':', depth: 1, fold: null, ttlRules: [] }, NOW).topKeys;
    expect(top).toHaveLength(TOP_KEYS);
    expect(top.map((t) => t.bytes)).toEqual(Array.from({ length: 50 }, (_, i) => 499 - i));
  });

  it('lists TTL violations by the first matching rule: missing TTL and TTL above the maximum', () => {
    const rules: TtlRule[] = [
      { pattern: 'user:*:profile', maxTtlSec: 86_400, requireTtl: true },
      { pattern: 'user:*', maxTtlSec: 30 * 60, requireTtl: true },
      { pattern: 'config', maxTtlSec: null, requireTtl: false },
    ];
    const r = buildReport(sample(), { delimiter: ':', depth: 1, fold: null, ttlRules: rules }, NOW);
    const v = Object.fromEntries(r.ttlViolations.map((x) => [`${x.pattern} ${x.kind}`, x]));
    expect(Object.keys(v).sort()).toEqual(['user:*:profile missing-ttl', 'user:*:profile ttl-above-max']);
    expect(v['user:*:profile missing-ttl']).toMatchObject({ count: 3, bytes: 3000 });
    expect(v['user:*:profile ttl-above-max']!.count).toBe(7);
    expect(v['user:*:profile missing-ttl']!.samples.map((s) => text(s.key)).sort()).toEqual(['user:0:profile', 'user:1:profile', 'user:2:profile']);
  });

  it('ships presets for the five layouts, specific patterns before general ones', () => {
    expect(TTL_PRESETS.map((p) => p.name)).toEqual(['vtp', 'gomeet', 'hypersdk', 'skillup', 'lms-phase4']);
    const lms = TTL_PRESETS.find((p) => p.name === 'lms-phase4')!.rules.map((r) => r.pattern);
    expect(lms.indexOf('course:*:stats')).toBeLessThan(lms.indexOf('course:*'));
    const gomeet = TTL_PRESETS.find((p) => p.name === 'gomeet')!.rules.find((r) => r.pattern === 'cache:stats')!;
    expect(gomeet).toMatchObject({ requireTtl: true, maxTtlSec: 86400 }); // gomeet writes it with a 24 h TTL
  });
});

describe('export', () => {
  const body = buildReport(sample(), { delimiter: ':', depth: 1, fold: null, ttlRules: [{ pattern: 'user:*:profile', maxTtlSec: 60, requireTtl: true }] }, NOW);
  const report: AnalysisReport = {
    connectionId: 'c',
    db: 0,
    scanId: 's',
    match: null,
    delimiter: ':',
    depth: 1,
    fold: null,
    path: 'script',
    withMemory: true,
    startedAt: NOW - 1000,
    finishedAt: NOW,
    durationMs: 1000,
    complete: true,
    dbsize: 48,
    ...body,
    ttlRules: [],
    serverReads: { hits: 96, misses: 0 },
  };

  it('writes namespaces as RFC 4180 CSV with exact prefixes (base64 when not UTF-8)', () => {
    const csv = reportCsv(report, 'namespaces');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe('prefix,prefix_encoding,keys,bytes,bytes_estimated,no_ttl,ttl_none,ttl_lt1m,ttl_lt1h,ttl_lt1d,ttl_lt7d,ttl_gte7d,type_hash,type_list,type_string');
    expect(lines).toContain('user:,utf8,40,13000,false,3,3,0,30,0,7,0,10,0,30');
    expect(lines).toContain(`${Buffer.from([0xff, 0x3a]).toString('base64')},base64,1,7,false,1,1,0,0,0,0,0,0,1,0`);
    expect(lines).toHaveLength(1 + report.namespaces.length);
  });

  it('quotes fields with commas, quotes and newlines', () => {
    const odd = { ...report, topKeys: [{ key: { utf8: 'a,"b"\nc' }, type: 'string', bytes: 1, bytesEstimated: false, ttlMs: null }] };
    expect(reportCsv(odd, 'topKeys')).toBe('key,key_encoding,type,bytes,bytes_estimated,ttl_ms\r\n"a,""b""\nc",utf8,string,1,false,\r\n');
  });

  it('exports the whole report as JSON and violations as CSV', () => {
    const json = exportReport(report, 'json', 'namespaces');
    expect(json.mime).toBe('application/json');
    expect(JSON.parse(json.content)).toEqual(report);
    const v = exportReport(report, 'csv', 'violations');
    expect(v.filename).toMatch(/violations\.csv$/);
    expect(v.content.split('\r\n')[1]).toMatch(/^user:\*:profile,/);
  });
});
