/**
 * Lines of a byte stream with a cap on each line's length. readline builds every line as one
 * string however long it is: a 60 MB warm line took 532 MB of RSS and one over ~512 MB threw
 * "RangeError: Invalid string length" (V8's longest string). Here a line is held as bytes only
 * up to the cap; past it the rest of that line is dropped as it streams by and the line is
 * reported as too long, so memory stays near one capped line whatever the file holds.
 */

export type ByteLine = { line: number; text: string } | { line: number; tooLong: true; bytes: number };

export interface LineLimit {
  /** Read at the start of each line: a caller may change it once it knows the file's format. */
  maxLineBytes: number;
}

const NL = 0x0a;
const CR = 0x0d;

/**
 * Lines numbered from 1, split on `\n` (a `\r` before it dropped, as readline with
 * crlfDelay: Infinity does), decoded as UTF-8. A final line without `\n` counts too.
 */
export async function* byteLines(input: AsyncIterable<Buffer | string>, limit: LineLimit): AsyncGenerator<ByteLine> {
  let parts: Buffer[] = [];
  let length = 0; // bytes of the current line so far, held or dropped
  let last: number | undefined; // its last byte (a `\r` before the `\n` is not part of it)
  let cap = limit.maxLineBytes;
  let line = 1;
  const finish = (): ByteLine => {
    const size = last === CR ? length - 1 : length;
    const out: ByteLine = size > cap ? { line, tooLong: true, bytes: size } : { line, text: Buffer.concat(parts).subarray(0, size).toString('utf8') };
    parts = [];
    length = 0;
    last = undefined;
    line++;
    return out;
  };
  try {
    for await (const chunk of input) {
      let buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (;;) {
        const nl = buf.indexOf(NL);
        const piece = nl === -1 ? buf : buf.subarray(0, nl);
        length += piece.length;
        if (piece.length > 0) last = piece[piece.length - 1];
        // Hold bytes only while the line fits (one more for a `\r` to strip); past that, drop them.
        if (length <= cap + 1) parts.push(piece);
        else parts = [];
        if (nl === -1) break;
        buf = buf.subarray(nl + 1);
        yield finish();
        cap = limit.maxLineBytes; // after the caller has seen the line (it may have raised the cap)
      }
    }
    if (length > 0) yield finish();
  } finally {
    (input as { destroy?: () => void }).destroy?.();
  }
}
