import { describe, expect, it } from 'vitest';
import { byteLines, type ByteLine, type LineLimit } from '../../electron/core/actions/byte-lines';

async function* chunks(...parts: (string | Buffer)[]): AsyncGenerator<Buffer | string> {
  for (const p of parts) yield p;
}

async function all(input: AsyncIterable<Buffer | string>, limit: LineLimit): Promise<ByteLine[]> {
  const out: ByteLine[] = [];
  for await (const l of byteLines(input, limit)) out.push(l);
  return out;
}

describe('byteLines: a warm file read as capped lines of bytes', () => {
  it('numbers lines as readline does: CRLF, blank lines, a last line without a newline, lines split across chunks', async () => {
    const lines = await all(chunks('{"a":', '1}\r\n\nsec', Buffer.from('ond\nlast'), ''), { maxLineBytes: 100 });
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '' },
      { line: 3, text: 'second' },
      { line: 4, text: 'last' },
    ]);
    expect(await all(chunks('a\n'), { maxLineBytes: 100 })).toEqual([{ line: 1, text: 'a' }]);
  });

  it('decodes UTF-8 split between chunks', async () => {
    const bytes = Buffer.from('ключ😀\n');
    expect(await all(chunks(bytes.subarray(0, 3), bytes.subarray(3, 7), bytes.subarray(7)), { maxLineBytes: 100 })).toEqual([{ line: 1, text: 'ключ😀' }]);
  });

  it('reports a line over the cap with its length, drops its bytes, and goes on with the next', async () => {
    const big = 'x'.repeat(25);
    const lines = await all(chunks('ok1\n', big.slice(0, 10), big.slice(10), '\r\nok3\n', 'y'.repeat(10), '\n'), { maxLineBytes: 10 });
    expect(lines).toEqual([
      { line: 1, text: 'ok1' },
      { line: 2, tooLong: true, bytes: 25 },
      { line: 3, text: 'ok3' },
      { line: 4, text: 'y'.repeat(10) }, // exactly the cap is fine
    ]);
    expect(await all(chunks('y'.repeat(10), '\r\n', 'z'.repeat(11)), { maxLineBytes: 10 })).toEqual([
      { line: 1, text: 'y'.repeat(10) }, // the \r is not counted
      { line: 2, tooLong: true, bytes: 11 },
    ]);
  });

  it('applies a cap the caller raised after the previous line', async () => {
    const limit: LineLimit = { maxLineBytes: 4 };
    const seen: ByteLine[] = [];
    for await (const l of byteLines(chunks('head\n0123456789\n'), limit)) {
      seen.push(l);
      limit.maxLineBytes = 100;
    }
    expect(seen).toEqual([
      { line: 1, text: 'head' },
      { line: 2, text: '0123456789' },
    ]);
  });
});
