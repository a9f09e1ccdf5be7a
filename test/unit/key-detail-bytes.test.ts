import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { preview, utf8CutLength } from '../../electron/core/key-detail/bytes';
import { gzipView, inflatePrefix, isGzip } from '../../electron/core/key-detail/gzip';
import { nextStreamId } from '../../electron/core/key-detail/pages';

describe('utf8CutLength', () => {
  it('cuts an incomplete character at the end of a text prefix', () => {
    const text = Buffer.from('ab€🔑', 'utf8'); // € = 3 bytes, 🔑 = 4 bytes
    expect(utf8CutLength(text)).toBe(text.length);
    for (let drop = 1; drop <= 3; drop++) expect(utf8CutLength(text.subarray(0, text.length - drop))).toBe(5);
    expect(utf8CutLength(text.subarray(0, 4))).toBe(2); // two of €'s three bytes
  });

  it('leaves binary alone', () => {
    const bin = Buffer.from([0xff, 0xfe, 0x00, 0xe2]);
    expect(utf8CutLength(bin)).toBe(4);
    expect(utf8CutLength(Buffer.from([0xe2, 0x82]))).toBe(2); // nothing would be left: keep it
  });
});

describe('preview', () => {
  it('keeps small items whole and truncates big ones on a character boundary', () => {
    expect(preview(Buffer.from('hi'))).toEqual({ bytes: { utf8: 'hi' }, size: 2, truncated: false });
    const big = Buffer.from('é'.repeat(10), 'utf8'); // 20 bytes
    expect(preview(big, 5)).toEqual({ bytes: { utf8: 'éé' }, size: 20, truncated: true });
    const bin = Buffer.from([0xff, 1, 2, 3]);
    expect(preview(bin, 2)).toEqual({ bytes: { base64: Buffer.from([0xff, 1]).toString('base64') }, size: 4, truncated: true });
  });
});

describe('nextStreamId', () => {
  it('is the smallest id after the given one', () => {
    expect(nextStreamId('1700000000000-0')).toBe('1700000000000-1');
    expect(nextStreamId('5-18446744073709551615')).toBe('6-0');
    expect(nextStreamId('18446744073709551615-18446744073709551615')).toBeNull();
  });
});

describe('gzip', () => {
  const text = Array.from({ length: 5000 }, (_, i) => `{"id":${i},"name":"user ${i} ✓"}`).join(',');
  const gz = gzipSync(text);

  it('detects the signature', () => {
    expect(isGzip(gz)).toBe(true);
    expect(isGzip(Buffer.from('{"a":1}'))).toBe(false);
    expect(isGzip(Buffer.from([0x1f]))).toBe(false);
  });

  it('inflates a whole small value completely', async () => {
    const v = await gzipView(gz, gz.length, 1 << 20);
    expect(v.complete).toBe(true);
    expect(v.inflated).toEqual({ utf8: text });
    expect(v.inflatedSize).toBe(Buffer.byteLength(text));
    expect(v.note).toMatch(/gzip/);
  });

  it('inflates only the fetched prefix of a bigger value, capped and cut on a character', async () => {
    const prefix = gz.subarray(0, Math.floor(gz.length / 2));
    const v = await gzipView(prefix, gz.length, 10_000);
    expect(v.complete).toBe(false);
    expect(v.inflatedSize).toBeLessThanOrEqual(10_000);
    expect(v.inflatedSize).toBeGreaterThan(9_990);
    expect('utf8' in v.inflated! && text.startsWith(v.inflated.utf8)).toBe(true);
    expect(v.note).toMatch(/Download/);
  });

  it('a prefix without a cap yields what the prefix holds', async () => {
    const prefix = gz.subarray(0, Math.floor(gz.length / 2));
    const r = await inflatePrefix(prefix, { cap: 1 << 30, whole: false });
    expect(r.error).toBeUndefined();
    expect(r.bytes.length).toBeGreaterThan(0);
    expect(text.startsWith(r.bytes.toString('utf8', 0, utf8CutLength(r.bytes)))).toBe(true);
  });

  it('says so when bytes start like gzip but do not inflate', async () => {
    const v = await gzipView(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 5);
    expect(v.inflated).toBeUndefined();
    expect(v.complete).toBe(false);
    expect(v.note).toMatch(/does not inflate/);
  });

  it('a whole value whose gzip end is missing is reported damaged, not complete', async () => {
    const cut = gz.subarray(0, gz.length - 100);
    const v = await gzipView(cut, cut.length, 1 << 20);
    expect(v.complete).toBe(false);
    expect(v.note).toMatch(/damaged/);
  });
});
