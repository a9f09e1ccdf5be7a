import type { KeyClient } from '../redis/target';
import type { Connection } from '../connections/connection';
import { translateError } from '../redis/translate-error';

export interface KeyMetadata {
  type: string;
  encoding: string | null;
  memoryBytes: number | null;
}

/**
 * TYPE, OBJECT ENCODING and MEMORY USAGE in one round trip (a pipeline: each reply says by
 * itself whether the key existed, so no transaction is needed). OBJECT and MEMORY may be
 * refused (ACL, renamed): the detail then shows them as unknown. MEMORY USAGE is not a
 * keyspace read; TYPE and OBJECT ENCODING each count once, a refused command not at all.
 */
export async function readMetadata(connection: Connection, client: KeyClient, key: Buffer): Promise<KeyMetadata> {
  let results: [Error | null, unknown][] | null;
  try {
    results = await client.pipeline().call('TYPE', key).call('OBJECT', 'ENCODING', key).call('MEMORY', 'USAGE', key).exec();
  } catch (error) {
    throw translateError(error, connection.where);
  }
  const [typeR, encR, memR] = results ?? [];
  if (!typeR || typeR[0]) throw translateError(typeR?.[0] ?? new Error('no TYPE reply'), connection.where);
  const type = String(typeR[1]);
  let hits = type === 'none' ? 0 : 1;
  let misses = type === 'none' ? 1 : 0;
  let encoding: string | null = null;
  if (encR && !encR[0]) {
    if (encR[1] === null) misses++;
    else {
      hits++;
      encoding = String(encR[1]);
    }
  }
  connection.ledger.record(hits, misses);
  const memoryBytes = memR && !memR[0] && memR[1] !== null ? Number(memR[1]) : null;
  return { type, encoding, memoryBytes };
}
