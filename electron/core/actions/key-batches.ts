import type Redis from 'ioredis';

/**
 * SCAN MATCH one node, yielding each batch as it arrives and keeping nothing: memory stays
 * flat however many keys match. The caller stops iterating to cancel.
 */
export async function* scanBatches(node: Redis, pattern: Buffer, count: number): AsyncGenerator<Buffer[]> {
  let cursor = '0';
  do {
    // callBuffer: ioredis types want a string pattern; the exact bytes must reach the server.
    const reply = (await node.callBuffer('SCAN', cursor, 'MATCH', pattern, 'COUNT', String(count))) as unknown;
    if (!Array.isArray(reply) || !Buffer.isBuffer(reply[0]) || !Array.isArray(reply[1])) throw new Error('Unexpected SCAN reply');
    cursor = reply[0].toString();
    const keys = reply[1] as Buffer[];
    if (keys.length > 0) yield keys;
  } while (cursor !== '0');
}

export function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * The batches of `source`, each next one asked for as soon as the current one is handed out:
 * the next SCAN call travels while the caller deletes the current batch. An early stop or a
 * failure leaves no request unanswered and no rejection unhandled.
 */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = source.next();
      yield r.value;
    }
  } finally {
    next.catch(() => undefined);
    // Not awaited: a SCAN still travelling (a frozen node) must not hold up the caller.
    source.return(undefined).catch(() => undefined);
  }
}
