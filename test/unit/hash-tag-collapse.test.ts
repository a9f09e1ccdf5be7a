import { describe, expect, it } from 'vitest';
import { buildReport } from '../../electron/core/analysis/report';
import { tagSegmentEnd } from '../../electron/core/keys/id-segment';
import { literalPath, matchPath, patternPath, TAG } from '../../electron/core/scan/folder-path';
import { KeyIndex, NO_EXPIRY } from '../../electron/core/scan/key-index';
import { makeFilter } from '../../electron/core/scan/key-filter';
import { IndexViews } from '../../electron/core/scan/views';
import type { FolderRow, KeyRow, NamespaceStats } from '../../shared/contract';

// Issue 16: on a cluster, hash tags put one entity's keys in one slot (`user:{u1000}:profile`,
// `{user:42}:cart`). A tag naming an entity collapses like an id, to `{*}`, so the report shows
// one namespace per shape instead of one per user.

const NOW = 1_800_000_000_000;
const b = (s: string) => Buffer.from(s, 'utf8');
const colon = b(':');
const text = (w: { utf8: string } | { base64: string }) => ('utf8' in w ? w.utf8 : `b64:${w.base64}`);
const table = (ns: NamespaceStats[]) => Object.fromEntries(ns.map((n) => [text(n.prefix), { keys: n.keys, ...(n.pattern ? { pattern: true } : {}) }]));

/** tagSegmentEnd on `s` placed mid-buffer, as keys sit in the arena: the segment's end relative to `s`, or -1. */
const tagEnd = (s: string) => {
  const buf = Buffer.from(`..${s}`, 'latin1');
  const at = tagSegmentEnd(buf, 2, buf.length, colon);
  return at < 0 ? -1 : at - 2;
};

describe('tagSegmentEnd', () => {
  it.each([
    ['{u1000}:profile', 7],
    ['{user:42}:cart', 9], // the tag holds the delimiter: still one segment
    ['{42}:x', 4],
    ['{a1}:', 4],
    ['{app}:x', -1], // no digit: one constant tag, kept literal
    ['{tenant-a}:x', -1],
    ['{}:x', -1], // empty tag: Redis hashes the whole key
    ['{u1}x:y', -1], // not followed by the delimiter: not a whole segment
    ['{u1}', -1], // no delimiter after it: the key's last part, outside any namespace
    ['{u{1}:x', -1],
    ['u{1}:x', -1], // a tag not at the segment's start
    ['{u1:x', -1], // unclosed
  ])('%s -> %i', (s, want) => {
    expect(tagEnd(s)).toBe(want);
  });
});

function sample(): KeyIndex {
  const ix = new KeyIndex(8);
  for (const id of ['u1', 'u2', 'u1000']) {
    ix.add(b(`user:{${id}}:profile`), 'hash', NO_EXPIRY, 100);
    ix.add(b(`user:{${id}}:settings`), 'string', NO_EXPIRY, 10);
  }
  ix.add(b('{user:42}:cart'), 'hash', NO_EXPIRY, 50);
  ix.add(b('{user:43}:cart'), 'hash', NO_EXPIRY, 50);
  ix.add(b('{app}:config'), 'string', NO_EXPIRY, 5);
  ix.add(b('user:7:profile'), 'hash', NO_EXPIRY, 1);
  return ix;
}

describe('the analysis report collapses entity hash tags to {*}', () => {
  it('groups user:{u1}:… and {user:42}:… into one namespace each; a constant tag and plain ids are as before', () => {
    const r = buildReport(sample(), { delimiter: ':', depth: 2, fold: null, ttlRules: [] }, NOW);
    expect(table(r.namespaces)).toEqual({
      'user:{*}:': { keys: 6, pattern: true },
      '{*}:cart': { keys: 2, pattern: true }, // issue 17: below an id folder, the children are told apart
      '{app}:': { keys: 1 },
      'user:*:': { keys: 1, pattern: true },
    });
    expect(r.totals.keys).toBe(10);
  });

  it('counts the whole tag as one segment of the depth', () => {
    const ix = new KeyIndex(4);
    ix.add(b('{user:42}:orders:9:total'), 'string', NO_EXPIRY, 1);
    ix.add(b('{user:43}:orders:10:total'), 'string', NO_EXPIRY, 1);
    expect(table(buildReport(ix, { delimiter: ':', depth: 3, fold: null, ttlRules: [] }, NOW).namespaces)).toEqual({ '{*}:orders:*:': { keys: 2, pattern: true } });
  });

  it('keeps tags literal with collapseIds off', () => {
    const r = buildReport(sample(), { delimiter: ':', depth: 2, fold: null, ttlRules: [], collapseIds: false }, NOW);
    expect(Object.keys(table(r.namespaces))).toContain('user:{u1000}:');
    expect(r.namespaces.some((n) => n.pattern)).toBe(false);
  });
});

describe('the tree opens and shows {*} folders', () => {
  const ix = sample();
  const views = new IndexViews(ix);
  const all = makeFilter(ix, null, null);
  const open = (prefix: string, pattern: boolean) =>
    views.tree({ path: pattern ? patternPath(b(prefix), colon) : literalPath(b(prefix)), delimiter: colon, fold: null, collapseIds: true, filter: all, sort: { by: 'name', dir: 'asc' }, offset: 0, limit: 100 }, NOW);
  const folders = (rows: (FolderRow | KeyRow)[]) => rows.filter((r): r is FolderRow => r.kind === 'folder');

  it('parses user:{*}: into a tag wildcard that matches one whole tag segment', () => {
    const p = patternPath(b('user:{*}:'), colon);
    expect(p.parts?.map((x) => (x === TAG ? '{*}' : x === null ? '*' : x.toString()))).toEqual(['user:', '{*}', ':']);
    const m = (k: string) => matchPath(b(k), 0, b(k).length, p, colon).end;
    expect(m('user:{user:42}:profile')).toBe('user:{user:42}:'.length);
    expect(m('user:{app}:x')).toBe(-1);
    expect(m('user:42:x')).toBe(-1); // an id, not a tag: the * folder's
  });

  it('gathers the tags under user: into one {*} folder beside the * folder, and opens it', () => {
    const user = open('user:', false);
    expect(folders(user.rows).map((f) => [text(f.prefix), text(f.name), f.keys, f.ids])).toEqual([
      ['user:*:', '*', 1, 1],
      ['user:{*}:', '{*}', 6, 3],
    ]);
    const inside = open('user:{*}:', true);
    // Issue 17: an id folder shows its children aggregated across ids, one row per name.
    expect(inside.rows.map((r) => [text(r.kind === 'key' ? r.key : r.prefix), r.kind === 'folder' ? r.keys : 1]).sort()).toEqual([
      ['user:{*}:profile', 3],
      ['user:{*}:settings', 3],
    ]);
    const root = open('', false);
    expect(folders(root.rows).map((f) => text(f.prefix))).toEqual(['{*}:', 'user:', '{app}:']); // the tag folder first, then by bytes ('u' < '{')
    expect(open('{*}:', true).summary.keys).toBe(2);
  });
});
