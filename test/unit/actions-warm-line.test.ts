import { describe, expect, it } from 'vitest';
import { parseWarmLine } from '../../electron/core/actions/warm-line';

const ok = (line: unknown) => {
  const r = parseWarmLine(JSON.stringify(line));
  if (typeof r === 'string') throw new Error(r);
  return r;
};
const bad = (text: string) => {
  const r = parseWarmLine(text);
  expect(typeof r).toBe('string');
  return r as string;
};

describe('NDJSON warm lines', () => {
  it('reads strings, JSON values stored as their text, bytes as base64, ttl in seconds', () => {
    expect(ok({ key: 'user:1', value: 'x' })).toEqual({ key: Buffer.from('user:1'), pttl: null, type: 'string', value: Buffer.from('x') });
    expect(ok({ key: 'c:1', value: { id: 1 }, ttl: 1.5 })).toMatchObject({ value: Buffer.from('{"id":1}'), pttl: 1500 });
    expect(ok({ key: { base64: '/wA=' }, value: { base64: 'AAE=' }, ttl: -1 })).toMatchObject({ key: Buffer.from([0xff, 0]), value: Buffer.from([0, 1]), pttl: null });
    expect(ok({ key: 'n', value: 42 }).value).toEqual(Buffer.from('42'));
  });

  it('reads collections as JSON structures, with pairs for byte fields and members', () => {
    expect(ok({ key: 'h', type: 'hash', value: { a: '1' } })).toMatchObject({ type: 'hash', value: [[Buffer.from('a'), Buffer.from('1')]] });
    expect(ok({ key: 'h', type: 'HASH', value: [[{ base64: '/w==' }, 'v']] }).value).toEqual([[Buffer.from([0xff]), Buffer.from('v')]]);
    expect(ok({ key: 'l', type: 'list', value: ['a', { base64: 'AA==' }] }).value).toEqual([Buffer.from('a'), Buffer.from([0])]);
    expect(ok({ key: 'z', type: 'zset', value: { m: 1, n: '2.5' } }).value).toEqual([
      [Buffer.from('m'), 1],
      [Buffer.from('n'), 2.5],
    ]);
  });

  it('says why a line is unusable', () => {
    expect(bad('{nope')).toMatch(/^not valid JSON/);
    expect(bad('[1]')).toMatch(/must be a JSON object/);
    expect(bad('{"value":"v"}')).toBe('"key" is missing');
    expect(bad('{"key":"k"}')).toBe('"value" is missing');
    expect(bad('{"key":"k","value":"v","ttl":0}')).toMatch(/ttl must be a positive number/);
    expect(bad('{"key":"k","value":"v","extra":1}')).toMatch(/^an unknown field/);
    expect(bad('{"key":"k","type":"stream","value":[]}')).toMatch(/type "stream" is not one of/);
    expect(bad('{"key":"k","type":"set","value":[]}')).toBe('an empty set cannot be stored in Redis');
    expect(bad('{"key":"k","type":"list","value":"x"}')).toBe('a list value must be an array');
    expect(bad('{"key":"k","type":"zset","value":{"m":"x"}}')).toBe('score of member 1 must be a number');
    expect(bad('{"key":{"base64":"QQ"},"value":"v"}')).toBe('key has invalid base64');
    expect(bad('{"key":"","value":"v"}')).toBe('key is empty');
  });

  it("never echoes the line's own text (a file's contents stay out of errors)", () => {
    const secret = 'root:x:0:0:root:/root:/bin/bash';
    const lines = [
      secret,
      `HOME=/root\0AWS_SECRET=${secret}`,
      `{"key":"k","value":"v","${secret}":1}`,
      `{"key":"k","type":"${secret}","value":"v"}`,
      `{"key":"k","value":"${secret}`,
    ];
    for (const line of lines) {
      const reason = bad(line);
      expect(reason).not.toContain('root');
      expect(reason).not.toContain('AWS');
    }
    expect(bad(secret)).toMatch(/^not valid JSON/);
  });
});
