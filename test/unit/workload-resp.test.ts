import { describe, expect, it } from 'vitest';
import { ReplyCounter, RespEncoder } from '../../electron/workload/resp';

describe('RespEncoder', () => {
  it('encodes commands exactly as RESP arrays of bulk strings, binary and UTF-8 safe', () => {
    const enc = new RespEncoder(8); // tiny on purpose: the buffer must grow
    enc.call('SET', ['k é', Buffer.from([0xff, 0x00, 0x0d, 0x0a]), 'PX', 1500]);
    enc.call('PING', []);
    const { bytes, commands } = enc.take();
    expect(commands).toBe(2);
    const expected = Buffer.concat([
      Buffer.from('*5\r\n$3\r\nSET\r\n$4\r\nk é\r\n$4\r\n'),
      Buffer.from([0xff, 0x00, 0x0d, 0x0a]),
      Buffer.from('\r\n$2\r\nPX\r\n$4\r\n1500\r\n*1\r\n$4\r\nPING\r\n'),
    ]);
    expect(bytes.equals(expected)).toBe(true);
    // A new batch starts empty and never shares memory with the one handed out.
    enc.call('PING', []);
    const second = enc.take();
    expect(second.bytes.toString()).toBe('*1\r\n$4\r\nPING\r\n');
    expect(bytes.equals(expected)).toBe(true);
  });
});

describe('ReplyCounter', () => {
  const stream = Buffer.from(
    '+OK\r\n:12\r\n$5\r\nab\r\nc\r\n$-1\r\n-ERR wrong type\r\n*2\r\n$1\r\na\r\n*1\r\n:1\r\n*0\r\n*-1\r\n$0\r\n\r\n',
    'latin1',
  );
  const expected = [null, null, null, null, 'ERR wrong type', null, null, null, null];

  it('counts top-level replies (nested arrays included) and reports error replies', () => {
    const seen: (string | null)[] = [];
    new ReplyCounter((e) => seen.push(e)).feed(stream);
    expect(seen).toEqual(expected);
  });

  it('gives the same answer whatever the chunking, down to one byte at a time', () => {
    for (const size of [1, 2, 3, 7]) {
      const seen: (string | null)[] = [];
      const counter = new ReplyCounter((e) => seen.push(e));
      for (let i = 0; i < stream.length; i += size) counter.feed(stream.subarray(i, i + size));
      expect(seen, `chunks of ${size}`).toEqual(expected);
    }
  });

  it('rejects bytes that are not RESP', () => {
    expect(() => new ReplyCounter(() => {}).feed(Buffer.from('HTTP/1.1 400\r\n'))).toThrow(/unexpected reply/);
  });
});
