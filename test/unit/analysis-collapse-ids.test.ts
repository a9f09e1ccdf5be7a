import { describe, expect, it } from 'vitest';
import { isIdSegment } from '../../electron/core/keys/id-segment';
import { buildReport } from '../../electron/core/analysis/report';
import { KeyIndex, NO_EXPIRY } from '../../electron/core/scan/key-index';
import type { NamespaceStats } from '../../shared/contract';

const NOW = 1_800_000_000_000;
const b = (s: string) => Buffer.from(s, 'utf8');
const text = (w: { utf8: string } | { base64: string }) => ('utf8' in w ? w.utf8 : `b64:${w.base64}`);
const id = (s: string) => {
  const buf = Buffer.from(`xx${s}yy`, 'latin1'); // checked in the middle of a buffer, as in the arena
  return isIdSegment(buf, 2, buf.length - 2);
};

describe('isIdSegment', () => {
  it.each([
    ['42', true],
    ['0', true],
    ['1700000000123', true],
    ['550e8400-e29b-41d4-a716-446655440000', true],
    ['550E8400-E29B-41D4-A716-446655440000', true],
    ['5f2b9c0d1e3a4b6c', true], // 16 hex
    ['deadbeefdeadbeefdeadbeefdeadbeef', true],
    ['sess_ab12cd34ef56', true],
    ['V1StGXR8_Z5jdHi6B-myT', true], // nanoid
    ['10.0.0.1', true],
    ['255.255.255.255', true],
    ['', false],
    ['v1', false],
    ['list', false],
    ['api', false],
    ['profile', false],
    ['page=2', false],
    ['[2024]', false],
    ['notifications_queue', false], // long, but no digit
    ['abc123', false], // short
    ['5f2b9c0d1e3a4b6', true], // 15 hex: not the hex rule, but 12+ token chars with a digit
    ['deadbeefcafe', false], // 12 hex, no digit, < 16
    ['256.0.0.1', false],
    ['10.0.0', false],
    ['1.2.3.4.5', false],
    ['10..0.1', false],
    ['1234.0.0.1', false],
    ['user:1', false],
    ['a b 1234567890', false],
  ])('%s -> %s', (s, want) => {
    expect(id(s)).toBe(want);
  });

  it('does not look past the segment bounds', () => {
    const buf = b('user:42:profile');
    expect(isIdSegment(buf, 5, 7)).toBe(true);
    expect(isIdSegment(buf, 0, 4)).toBe(false);
    expect(isIdSegment(buf, 8, 15)).toBe(false);
  });
});

function sample(): KeyIndex {
  const ix = new KeyIndex(8);
  ix.add(b('user:1:profile'), 'hash', NO_EXPIRY, 100);
  ix.add(b('user:2:profile'), 'hash', NOW + 60_000, 200);
  ix.add(b('user:2:settings'), 'string', NO_EXPIRY, 10);
  ix.add(b('product:9:details'), 'hash', NO_EXPIRY, 1000);
  ix.add(b('report:[2024]:x'), 'string', NO_EXPIRY, 5);
  ix.add(b('session:sess_ab12cd34ef56'), 'string', NOW + 60_000, 50);
  ix.add(b('ratelimit:api:10.0.0.1'), 'string', NOW + 1000, 7);
  // Ids deeper in, to exercise depth 3 and the glob escaping of literal segments.
  ix.add(b('session:sess_ab12cd34ef56:data'), 'hash', NO_EXPIRY, 30);
  ix.add(b('ratelimit:api:10.0.0.1:min'), 'string', NOW + 1000, 3);
  ix.add(b('ratelimit:api:10.0.0.2:min'), 'string', NOW + 1000, 4);
  ix.add(b('report:[2024]:7:x'), 'string', NO_EXPIRY, 6);
  ix.add(b('report:[2024]:8:x'), 'string', NO_EXPIRY, 8);
  ix.add(b('gone:1:x'), 'string', NO_EXPIRY, 1);
  ix.remove(b('gone:1:x'));
  return ix;
}

type Row = Pick<NamespaceStats, 'keys' | 'bytes'> & { pattern?: true };
const table = (ns: NamespaceStats[]) =>
  Object.fromEntries(ns.map((n) => [text(n.prefix), { keys: n.keys, bytes: n.bytes, ...(n.pattern ? { pattern: n.pattern } : {}) } as Row]));

describe('buildReport with collapseIds', () => {
  it('collapses id segments at depth 2 into one pattern namespace (the default)', () => {
    const r = buildReport(sample(), { delimiter: ':', depth: 2, fold: null, ttlRules: [] }, NOW);
    expect(table(r.namespaces)).toEqual({
      'user:*:': { keys: 3, bytes: 310, pattern: true },
      'product:*:': { keys: 1, bytes: 1000, pattern: true },
      'report:[2024]:': { keys: 3, bytes: 19 }, // `[2024]` is not an id: literal, not a pattern
      'session:': { keys: 1, bytes: 50 }, // the id is past the last delimiter: outside the prefix
      'session:*:': { keys: 1, bytes: 30, pattern: true },
      'ratelimit:api:': { keys: 3, bytes: 14 },
    });
    expect(r.namespaces.reduce((s, n) => s + n.keys, 0)).toBe(r.totals.keys);
    expect(r.totals.keys).toBe(12);
    const user = r.namespaces.find((n) => text(n.prefix) === 'user:*:')!;
    expect(user).toMatchObject({ noTtl: 2, types: { hash: 2, string: 1 } });
    expect(user.ttlBuckets.none).toBe(2);
    expect(text(r.namespaces[0]!.prefix)).toBe('product:*:'); // ranked by memory, patterns included
    expect(r.namespacesOmitted).toBe(0);
  });

  it('at depth 3 collapses the middle id and escapes glob bytes of literal segments', () => {
    const r = buildReport(sample(), { delimiter: ':', depth: 3, fold: null, ttlRules: [], collapseIds: true }, NOW);
    expect(table(r.namespaces)).toEqual({
      // A key that ends before depth keeps its last segment when it names a sibling: the
      // exact globs user:*:profile and user:*:settings, not one user:*: hiding which is which.
      'user:*:profile': { keys: 2, bytes: 300, pattern: true },
      'user:*:settings': { keys: 1, bytes: 10, pattern: true },
      'product:*:details': { keys: 1, bytes: 1000, pattern: true },
      'report:[2024]:': { keys: 1, bytes: 5 },
      'report:\\[2024\\]:*:': { keys: 2, bytes: 14, pattern: true },
      'session:': { keys: 1, bytes: 50 },
      'session:*:data': { keys: 1, bytes: 30, pattern: true },
      'ratelimit:api:': { keys: 1, bytes: 7 },
      'ratelimit:api:*:': { keys: 2, bytes: 7, pattern: true },
    });
  });

  it('collapseIds: false keeps the literal namespaces', () => {
    const r = buildReport(sample(), { delimiter: ':', depth: 2, fold: null, ttlRules: [], collapseIds: false }, NOW);
    expect(table(r.namespaces)).toEqual({
      'user:1:': { keys: 1, bytes: 100 },
      'user:2:': { keys: 2, bytes: 210 },
      'product:9:': { keys: 1, bytes: 1000 },
      'report:[2024]:': { keys: 3, bytes: 19 },
      'session:': { keys: 1, bytes: 50 },
      'session:sess_ab12cd34ef56:': { keys: 1, bytes: 30 },
      'ratelimit:api:': { keys: 3, bytes: 14 },
    });
    expect(r.namespaces.some((n) => n.pattern)).toBe(false);
  });

  it('does not collapse the fold but escapes it in a pattern; the delimiter is escaped too', () => {
    const ix = new KeyIndex(8);
    ix.add(b('app*:user:1:p'), 'string', NO_EXPIRY, 1);
    ix.add(b('app*:user:2:p'), 'string', NO_EXPIRY, 2);
    ix.add(b('42:x'), 'string', NO_EXPIRY, 4);
    ix.add(b('a?1?b'), 'string', NO_EXPIRY, 8);
    const folded = table(buildReport(ix, { delimiter: ':', depth: 2, fold: b('app*:'), ttlRules: [] }, NOW).namespaces);
    expect(folded['app\\*:user:*:']).toEqual({ keys: 2, bytes: 3, pattern: true });
    expect(folded['*:x']).toEqual({ keys: 1, bytes: 4, pattern: true });
    const q = table(buildReport(ix, { delimiter: '?', depth: 2, fold: null, ttlRules: [] }, NOW).namespaces);
    expect(q['a\\?*\\?']).toEqual({ keys: 1, bytes: 8, pattern: true });
  });

  it('ties in bytes and keys are ordered by name, literal and pattern namespaces alike', () => {
    const ix = new KeyIndex(8);
    for (const k of ['b:1:x', 'a:lit:x', 'c:2:x', 'a:3:x']) ix.add(b(k), 'string', NO_EXPIRY, 10);
    const r = buildReport(ix, { delimiter: ':', depth: 2, fold: null, ttlRules: [] }, NOW);
    expect(r.namespaces.map((n) => text(n.prefix))).toEqual(['a:*:', 'a:lit:', 'b:*:', 'c:*:']);
  });
});
