import { describe, expect, it } from 'vitest';
import { formatJson, formatJsonLines, hexDumpLines, jsonKind, wireText, wireToBytes } from '../../shared/value-view';

describe('jsonKind', () => {
  it('recognises whole JSON objects and arrays', () => {
    expect(jsonKind('{"a":1,"b":[true,null,"x"]}')).toBe('json');
    expect(jsonKind('  [1, 2.5e3, -0.1, {}]\n')).toBe('json');
    expect(jsonKind('{}')).toBe('json');
  });

  it('recognises the beginning of JSON cut anywhere, as a 64 KiB page is', () => {
    const doc = JSON.stringify({ users: [{ id: 1, name: 'Zoë "the" \\ one', tags: ['a', 'b'], score: 12.5, ok: true }], next: null });
    for (let cut = 1; cut < doc.length; cut++) expect(jsonKind(doc.slice(0, cut)), doc.slice(0, cut)).toBe('json-prefix');
  });

  it('rejects text that is not JSON, and bare scalars', () => {
    expect(jsonKind('hello')).toBeNull();
    expect(jsonKind('42')).toBeNull();
    expect(jsonKind('"x"')).toBeNull();
    expect(jsonKind('{a:1}')).toBeNull();
    expect(jsonKind('[1,]')).toBeNull();
    expect(jsonKind('{"a":1,}')).toBeNull();
    expect(jsonKind('{"a" 1}')).toBeNull();
    expect(jsonKind('[1] [2]')).toBeNull();
    expect(jsonKind('[tru]')).toBeNull();
    expect(jsonKind('{"a":1}}')).toBeNull();
  });
});

describe('formatJsonLines', () => {
  it('pretty-prints like JSON.stringify(…, 2) for ordinary documents', () => {
    const value = { a: 1, b: [1, 2, { c: 'x', d: [] }], e: {}, f: 'str,with:{punct}' };
    expect(formatJson(JSON.stringify(value))).toBe(JSON.stringify(value, null, 2));
  });

  it('keeps numbers and escapes exactly as stored', () => {
    expect(formatJson('{"id":12345678901234567890,"s":"a\\u00e9\\"b"}')).toBe('{\n  "id": 12345678901234567890,\n  "s": "a\\u00e9\\"b"\n}');
  });

  it('marks where each object or array closes, for folding', () => {
    const lines = formatJsonLines('{"a":{"b":1},"c":[1,2]}');
    expect(lines.map((l) => '  '.repeat(l.depth) + l.text)).toEqual(['{', '  "a": {', '    "b": 1', '  },', '  "c": [', '    1,', '    2', '  ]', '}']);
    expect(lines[0]!.closesAt).toBe(8);
    expect(lines[1]!.closesAt).toBe(3);
    expect(lines[4]!.closesAt).toBe(7);
    expect(lines[2]!.closesAt).toBeUndefined();
  });

  it('formats a truncated prefix, leaving unclosed openers open', () => {
    const lines = formatJsonLines('{"items":[{"id":1},{"id":2,"name":"ab');
    expect(lines.map((l) => '  '.repeat(l.depth) + l.text)).toEqual(['{', '  "items": [', '    {', '      "id": 1', '    },', '    {', '      "id": 2,', '      "name": "ab']);
    expect(lines[0]!.closesAt).toBeNull();
    expect(lines[1]!.closesAt).toBeNull();
    expect(lines[2]!.closesAt).toBe(4);
    expect(lines[5]!.closesAt).toBeNull();
  });
});

describe('hexDumpLines', () => {
  it('dumps 16 bytes a line with offsets from the page start', () => {
    const bytes = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x41, 0x42, 0x0a, 0x7f, 0x20, 0x7e, 0xff, 0, 1, 2, 3, 4, 0x61]);
    const lines = hexDumpLines(bytes, 0x10000);
    expect(lines).toEqual([
      { offset: '00010000', hex: '1f 8b 08 00 41 42 0a 7f  20 7e ff 00 01 02 03 04', ascii: '....AB.. ~......' },
      { offset: '00010010', hex: '61', ascii: 'a' },
    ]);
    expect(hexDumpLines(new Uint8Array())).toEqual([]);
  });
});

describe('wire bytes in the renderer', () => {
  it('decodes utf8 and base64 wire values to the exact bytes', () => {
    expect([...wireToBytes({ utf8: 'é' })]).toEqual([0xc3, 0xa9]);
    expect([...wireToBytes({ base64: Buffer.from([0xff, 0, 0x41]).toString('base64') })]).toEqual([0xff, 0, 0x41]);
    expect(wireText({ utf8: 'x' })).toBe('x');
    expect(wireText({ base64: '/w==' })).toBeNull();
  });
});
