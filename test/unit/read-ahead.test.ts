import { describe, expect, it } from 'vitest';
import { readAhead } from '../../electron/core/actions/key-batches';

describe('readAhead (the next SCAN call travels while the current batch is deleted)', () => {
  it('yields every batch in order, asking for the next before the caller is done with the current', async () => {
    const asked: number[] = [];
    const seen: string[] = [];
    async function* source() {
      for (let i = 1; i <= 3; i++) {
        asked.push(i);
        yield i;
      }
    }
    for await (const n of readAhead(source())) {
      // While batch n is handled, batch n + 1 has been asked for already.
      seen.push(`${n}:${asked.length}`);
    }
    expect(seen).toEqual(['1:2', '2:3', '3:3']);
  });

  it('an early stop while the next batch fails leaves no unhandled rejection, and a failure reaches the caller', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      async function* failing() {
        yield 1;
        throw new Error('Connection is closed.');
      }
      for await (const n of readAhead(failing())) {
        expect(n).toBe(1);
        break;
      }
      await expect(
        (async () => {
          for await (const _ of readAhead(failing())) void _;
        })(),
      ).rejects.toThrow('Connection is closed.');
      await new Promise((r) => setTimeout(r, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
