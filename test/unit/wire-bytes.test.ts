import { describe, expect, it } from 'vitest';
import { displayBytes, escapeGlob, fromWire, prefixPattern, toWire } from '../../electron/core/keys/wire-bytes';

describe('binary-safe keys on the wire', () => {
  it('sends valid UTF-8 as utf8 and anything else as base64, both round-tripping exactly', () => {
    const cases = [Buffer.from('user:42'), Buffer.from('名前:😀'), Buffer.from([0xff, 0x00, 0x0a]), Buffer.from('a b\nc*?[]\\'), Buffer.alloc(0)];
    for (const bytes of cases) expect(fromWire(toWire(bytes)).equals(bytes)).toBe(true);
    expect(toWire(Buffer.from('user:42'))).toEqual({ utf8: 'user:42' });
    expect(toWire(Buffer.from([0xff, 0x41]))).toEqual({ base64: '/0E=' });
    expect(toWire(Buffer.from([0xc0, 0x80]))).toHaveProperty('base64'); // overlong encoding is not UTF-8
  });
  it('rejects base64 that does not decode to what it says', () => {
    expect(() => fromWire({ base64: 'QQ' })).toThrow(/Invalid base64/);
  });
  it('escapes glob characters so a literal prefix never matches more', () => {
    expect(escapeGlob(Buffer.from('report:[2024]:*?\\')).toString()).toBe('report:\\[2024\\]:\\*\\?\\\\');
    expect(prefixPattern(Buffer.from('a*')).toString()).toBe('a\\**');
  });
  it('displays undecodable bytes as \\x escapes', () => {
    expect(displayBytes(Buffer.from([0x61, 0xff, 0x0a]))).toBe('a\\xff\\x0a');
    expect(displayBytes(Buffer.from('ok'))).toBe('ok');
  });
});
