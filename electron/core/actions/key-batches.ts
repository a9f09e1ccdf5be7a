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
