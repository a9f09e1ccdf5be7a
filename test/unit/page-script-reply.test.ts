import { describe, expect, it } from 'vitest';
import { parseScriptReply } from '../../electron/core/scan/page-meta';

const keys = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`k${i}`));
const packed = (size: number, code: number, est: 0 | 1) => (size + 1) * 16 + code * 2 + est;

describe('the page script reply', () => {
  it('decodes type, size and the estimated flag packed into one integer per key', () => {
    const page = parseScriptReply(keys(4), [0, -1, packed(72, 1, 0), 5000, packed(1_234_567_890, 5, 1), -1, packed(0, 6, 0), 123, packed(-1, 3, 0)]);
    expect(page.types).toEqual(['string', 'hash', 'stream', 'set']);
    expect([...page.pttl]).toEqual([-1, 5000, -1, 123]);
    expect([...page.bytes]).toEqual([72, 1_234_567_890, 0, -1]);
    expect([...page.estimated]).toEqual([0, 1, 0, 0]);
    expect(page.memoryDenied).toBe(false);
  });

  it('derives the hits and misses from which reads ran: gone, refused, refused at PTTL, gone at PTTL', () => {
    const page = parseScriptReply(keys(5), [1, -2, 0, -2, -1, -2, -2, -2, -3, -1, packed(10, 2, 0)]);
    expect(page.types).toEqual([null, null, null, null, 'list']);
    // TYPE → none: a miss. TYPE refused: no read. PTTL refused: TYPE's hit. Gone at PTTL: a hit and a miss. Read: two hits.
    expect({ hits: page.hits, misses: page.misses, denied: page.denied }).toEqual({ hits: 4, misses: 2, denied: 2 });
    expect(page.memoryDenied).toBe(true);
  });

  it('keeps a module type by name, with its size', () => {
    const page = parseScriptReply(keys(1), [0, 9000, Buffer.from('ReJSON-RL 512 1')]);
    expect(page.types).toEqual(['ReJSON-RL']);
    expect([...page.bytes]).toEqual([512]);
    expect([...page.estimated]).toEqual([1]);
    expect(page.hits).toBe(2);
  });

  it('refuses a reply of the wrong length', () => {
    expect(() => parseScriptReply(keys(2), [0, 1, 2])).toThrow(/Unexpected page script reply/);
  });
});
