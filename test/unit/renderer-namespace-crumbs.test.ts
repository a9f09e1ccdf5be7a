import { describe, expect, it } from 'vitest';
import { namespaceCrumbs } from '../../renderer/src/views/keys/namespace-crumbs';

const u = (utf8: string) => ({ utf8 });
const view = (c: ReturnType<typeof namespaceCrumbs>) => c?.map((x) => `${'utf8' in x.prefix ? x.prefix.utf8 : 'b64'}|${'utf8' in x.name ? x.name.utf8 : 'b64'}${x.pattern ? '|p' : ''}`);

describe('browsing an analysis namespace in the tree', () => {
  it('a literal namespace: one literal crumb per segment', () => {
    expect(view(namespaceCrumbs(u('user:profile:'), false, ':', null))).toEqual(['user:|user', 'user:profile:|profile']);
    expect(namespaceCrumbs(u(''), false, ':', null)).toEqual([]); // keys without a delimiter: the root
  });

  it('a collapsed namespace: literal crumbs up to the first id, then the glob so far', () => {
    expect(view(namespaceCrumbs(u('user:*:'), true, ':', null))).toEqual(['user:|user', 'user:*:|*|p']);
    expect(view(namespaceCrumbs(u('user:*:orders:'), true, ':', null))).toEqual(['user:|user', 'user:*:|*|p', 'user:*:orders:|orders|p']);
    // A leaf group of the id folder (the analysis one level deeper): its exact glob is the last crumb.
    expect(view(namespaceCrumbs(u('user:*:profile'), true, ':', null))).toEqual(['user:|user', 'user:*:|*|p', 'user:*:profile|profile|p']);
    // Escaped glob bytes are literal: the literal crumb carries the real bytes, the pattern crumb the glob.
    expect(view(namespaceCrumbs(u('report:\\[2024\\]:*:'), true, ':', null))).toEqual(['report:|report', 'report:[2024]:|[2024]', 'report:\\[2024\\]:*:|*|p']);
  });

  it('leaves out the fold (the tree starts inside it), also when the fold ends mid-segment', () => {
    expect(view(namespaceCrumbs(u('skillup:course:'), false, ':', u('skillup:')))).toEqual(['skillup:course:|course']);
    expect(view(namespaceCrumbs(u('skillup:user:*:'), true, ':', u('skillup:')))).toEqual(['skillup:user:|user', 'skillup:user:*:|*|p']);
    expect(view(namespaceCrumbs(u('app_user:'), false, ':', u('app_')))).toEqual(['app_user:|user']);
    expect(view(namespaceCrumbs(u('other:'), false, ':', u('skillup:')))).toEqual(['other:|other']);
  });

  it('multi-byte delimiters and binary names; no walk when a pattern’s delimiter is made of glob characters', () => {
    expect(view(namespaceCrumbs(u('a::b::'), false, '::', null))).toEqual(['a::|a', 'a::b::|b']);
    const bin = namespaceCrumbs({ base64: Buffer.from([0xff, 0x3a]).toString('base64') }, false, ':', null);
    expect(bin).toEqual([{ prefix: { base64: Buffer.from([0xff, 0x3a]).toString('base64') }, name: { base64: Buffer.from([0xff]).toString('base64') } }]);
    expect(namespaceCrumbs(u('a*b*'), true, '*', null)).toBeNull();
  });
});
