import { describe, expect, it } from 'vitest';
import type { HashPage, StreamPage, StringPage } from '../../shared/contract/key-detail';
import { appendRows, nextArgs, toTable } from '../../renderer/src/views/keys/detail/collection-pages';
import { stringContent } from '../../renderer/src/views/keys/detail/string-content';
import { toDraft, toRules } from '../../renderer/src/views/analysis/policy-rules';
import { reusableScan } from '../../renderer/src/views/analysis/run-analysis';
import type { ScanProgress } from '../../shared/contract/keyspace';

const item = (utf8: string) => ({ bytes: { utf8 }, size: utf8.length, truncated: false });

describe('collection pages as tables', () => {
  it('a hash page: field/value rows, the next cursor, and repeats dropped when appended', () => {
    const page: HashPage = { kind: 'hash', cursor: '0', nextCursor: '17', total: 3, entries: [{ field: item('f1'), value: item('v1') }, { field: item('f2'), value: item('v2') }] };
    const t = toTable(page);
    expect(t.columns).toEqual(['Field', 'Value']);
    expect(t.next).toEqual({ cursor: '17' });
    const more = toTable({ ...page, nextCursor: null, entries: [{ field: item('f2'), value: item('v2') }, { field: item('f3'), value: item('v3') }] });
    expect(more.next).toBeNull();
    expect(appendRows(t.rows, more.rows).map((r) => (r.cells[0] as { bytes: { utf8: string } }).bytes.utf8)).toEqual(['f1', 'f2', 'f3']);
    expect(nextArgs('c', { utf8: 'k' }, 'hash', { cursor: '17' }, 100)).toEqual({ id: 'c', key: { utf8: 'k' }, type: 'hash', cursor: '17', count: 100 });
  });

  it('a stream page: one row per field, the entry id on its first row, paged by id', () => {
    const page: StreamPage = {
      kind: 'stream',
      after: null,
      nextAfter: '5-0',
      total: 9,
      entries: [{ id: '5-0', fields: [{ field: item('a'), value: item('1') }, { field: item('b'), value: item('2') }] }],
    };
    const t = toTable(page);
    expect(t.rows.map((r) => r.cells[0])).toEqual(['5-0', '']);
    expect(nextArgs('c', { utf8: 'k' }, 'stream', t.next!, 50)).toMatchObject({ type: 'stream', after: '5-0', count: 50 });
  });
});

describe('string content', () => {
  const page = (bytes: StringPage['bytes'], extra: Partial<StringPage> = {}): StringPage => ({ kind: 'string', offset: 0, bytes, size: 0, total: 0, nextOffset: null, ...extra });

  it('offers JSON first for a JSON value (also a cut-off prefix), text for UTF-8, hex always', () => {
    expect(stringContent(page({ utf8: '{"a":1}' }), [{ utf8: '{"a":1}' }]).modes).toEqual(['json', 'text', 'hex']);
    const cut = stringContent(page({ utf8: '{"a":[1,2' }), [{ utf8: '{"a":[1,2' }]);
    expect(cut.json).toBe('json-prefix');
    expect(stringContent(page({ utf8: 'plain' }), [{ utf8: 'plain' }]).modes).toEqual(['text', 'hex']);
    expect(stringContent(page({ base64: '//4=' }), [{ base64: '//4=' }]).modes).toEqual(['hex']);
  });

  it('joins load-more pages, including a multi-byte character split across two base64 pages', () => {
    // "é" is c3 a9: a page boundary between its two bytes must still read as text.
    const c = stringContent(page({ utf8: 'ab' }), [{ utf8: 'ab' }, { base64: 'ww==' }, { base64: 'qQ==' }]);
    expect(c.text).toBe('abé');
    expect(c.raw.length).toBe(4);
  });

  it('shows gzip values inflated in the text views, and the stored bytes in hex', () => {
    const c = stringContent(page({ base64: 'H4sI' }, { gzip: { inflated: { utf8: '{"x":2}' }, inflatedSize: 7, complete: true, note: 'gzip' } }), [{ base64: 'H4sI' }]);
    expect(c.inflated).toBe(true);
    expect(c.text).toBe('{"x":2}');
    expect([...c.raw.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
  });
});

describe('TTL policy drafts', () => {
  it('turns typed rows into rules, in seconds', () => {
    expect(toRules([{ pattern: ' user:* ', max: '30m', requireTtl: true, note: '' }])).toEqual({ ok: true, rules: [{ pattern: 'user:*', maxTtlSec: 1800, requireTtl: true }] });
    expect(toRules([{ pattern: 'cache:stats', max: '', requireTtl: false, note: 'own counters' }])).toEqual({
      ok: true,
      rules: [{ pattern: 'cache:stats', maxTtlSec: null, requireTtl: false, note: 'own counters' }],
    });
  });
  it('shows a saved maximum exactly, so saving it unchanged keeps it', () => {
    const draft = toDraft({ pattern: 'x:*', maxTtlSec: 90_061, requireTtl: true });
    expect(draft.max).toBe('1d1h1m1s');
    expect(toRules([draft])).toEqual({ ok: true, rules: [{ pattern: 'x:*', maxTtlSec: 90_061, requireTtl: true }] });
  });
  it('names the row that is wrong', () => {
    const r = toRules([{ pattern: 'a:*', max: '1h', requireTtl: true, note: '' }, { pattern: 'b:*', max: 'soon', requireTtl: true, note: '' }]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^Rule 2:/);
  });
});

describe('reusing a scan for a report', () => {
  const done = { state: 'done', type: null, withMemory: true, match: null } as unknown as ScanProgress;
  it('reuses a complete scan of the same keys with sizes, nothing else', () => {
    expect(reusableScan(done, '')).toBe(true);
    expect(reusableScan({ ...done, match: { utf8: 'user:*' } }, 'user:*')).toBe(true);
    expect(reusableScan(done, 'user:*')).toBe(false);
    expect(reusableScan({ ...done, state: 'cancelled' }, '')).toBe(false);
    expect(reusableScan({ ...done, withMemory: false }, '')).toBe(false);
    expect(reusableScan({ ...done, type: 'hash' }, '')).toBe(false);
    expect(reusableScan(null, '')).toBe(false);
  });
});
