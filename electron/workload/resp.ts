/**
 * Just enough RESP for bulk loading: an encoder that packs commands into one Buffer per batch,
 * and a counter of replies that notes errors. The seeder writes a batch with one socket write
 * and waits for its replies: no per-command objects or promises, which made the client the
 * bottleneck of a million-key load.
 */

export type Arg = string | Buffer | number;

/** What a write is queued on: this encoder, or an ioredis pipeline / MULTI (same `call`). */
export interface CommandSink {
  call(command: string, args: Arg[]): unknown;
}

const CRLF = 0x0a0d; // "\r\n" as a little-endian uint16

export class RespEncoder implements CommandSink {
  private buf: Buffer;
  private pos = 0;
  commands = 0;

  constructor(private readonly initialBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  get bytes(): number {
    return this.pos;
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private header(prefix: string, n: number): void {
    this.ensure(24);
    this.pos += this.buf.write(`${prefix}${n}\r\n`, this.pos, 'latin1');
  }

  call(command: string, args: Arg[]): void {
    this.header('*', args.length + 1);
    this.arg(command);
    for (const a of args) this.arg(a);
    this.commands++;
  }

  private arg(a: Arg): void {
    if (Buffer.isBuffer(a)) {
      this.header('$', a.length);
      this.ensure(a.length + 2);
      this.pos += a.copy(this.buf, this.pos);
    } else {
      const text = typeof a === 'number' ? String(a) : a;
      const length = Buffer.byteLength(text);
      this.header('$', length);
      this.ensure(length + 2);
      this.pos += this.buf.write(text, this.pos, 'utf8');
    }
    this.buf.writeUInt16LE(CRLF, this.pos);
    this.pos += 2;
  }

  /** The encoded batch; the encoder starts a new one (the Buffer handed out is never reused). */
  take(): { bytes: Buffer; commands: number } {
    const out = { bytes: this.buf.subarray(0, this.pos), commands: this.commands };
    this.buf = Buffer.allocUnsafe(Math.max(this.initialBytes, this.pos));
    this.pos = 0;
    this.commands = 0;
    return out;
  }
}

/**
 * Counts complete replies in a RESP2 byte stream, however it is split into chunks, and passes
 * each top-level reply's error text (or null) to `onReply`. Values themselves are skipped.
 */
export class ReplyCounter {
  private partial = '';
  private skip = 0;
  private readonly open: number[] = [];

  constructor(private readonly onReply: (error: string | null) => void) {}

  feed(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
        if (this.skip === 0) this.complete(null);
        continue;
      }
      const nl = chunk.indexOf(0x0a, i);
      if (nl === -1) {
        this.partial += chunk.toString('latin1', i);
        return;
      }
      let line = this.partial + chunk.toString('latin1', i, nl);
      this.partial = '';
      i = nl + 1;
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.header(line);
    }
  }

  private header(line: string): void {
    const rest = line.slice(1);
    switch (line[0]) {
      case '+':
      case ':':
        return this.complete(null);
      case '-':
        return this.complete(rest);
      case '$': {
        const length = Number(rest);
        if (length < 0) return this.complete(null);
        this.skip = length + 2;
        return;
      }
      case '*': {
        const count = Number(rest);
        if (count <= 0) return this.complete(null);
        this.open.push(count);
        return;
      }
      default:
        throw new Error(`unexpected reply from the server: ${JSON.stringify(line.slice(0, 40))}`);
    }
  }

  /** A value is complete: it finishes an array element, or is itself a whole reply. */
  private complete(error: string | null): void {
    while (this.open.length > 0) {
      const last = this.open.length - 1;
      if (--this.open[last]! > 0) return;
      this.open.pop();
    }
    this.onReply(error);
  }
}
