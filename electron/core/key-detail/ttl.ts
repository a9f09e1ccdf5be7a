import type { WireBytes } from '../../../shared/contract';
import type { Auditor } from '../audit/auditor';
import type { Connection } from '../connections/connection';
import { CoreError } from '../errors';
import { toWire } from '../keys/wire-bytes';
import { keyGone, quoteKey } from './messages';
import { translateError } from '../redis/translate-error';

async function applyTtl(connection: Connection, key: Buffer, ttlMs: number | null): Promise<number> {
  const tx = connection.target.client('actions').multi();
  if (ttlMs === null) tx.call('PERSIST', key);
  else tx.call('PEXPIRE', key, ttlMs);
  tx.call('PTTL', key);
  let results: [Error | null, unknown][] | null;
  try {
    results = await tx.exec();
  } catch (error) {
    throw translateError(error, connection.where);
  }
  const [change, pttl] = results ?? [];
  if (!change || !pttl) throw new CoreError('INTERNAL', 'Redis discarded the TTL transaction');
  if (change[0]) throw translateError(change[0], connection.where);
  if (pttl[0]) throw translateError(pttl[0], connection.where);
  const after = Number(pttl[1]);
  connection.ledger.record(after === -2 ? 0 : 1, after === -2 ? 1 : 0);
  if (after === -2) throw keyGone(key);
  return after;
}

/**
 * Set (PEXPIRE) or remove (PERSIST) a key's expiry, then read it back with PTTL in the same
 * transaction. Refused here, in the core, on a read-only connection; every attempt goes to the
 * audit log. PEXPIRE/PERSIST are not keyspace reads; the PTTL counts once (a miss if the key is gone).
 */
export async function setTtl(connection: Connection, auditor: Auditor, key: Buffer, ttlMs: number | null): Promise<{ key: WireBytes; ttlMs: number }> {
  const action = ttlMs === null ? 'ttl.persist' : 'ttl.set';
  const target = quoteKey(key);
  const what = ttlMs === null ? 'PERSIST' : `PEXPIRE ${ttlMs} ms`;
  await auditor.guardWritable(connection.profile, `changing the TTL of ${target}`, target);
  const started = Date.now();
  try {
    const after = await applyTtl(connection, key, ttlMs);
    await auditor.record(connection.profile, { action, target, resultCount: 1, durationMs: Date.now() - started, outcome: 'ok', message: what });
    return { key: toWire(key), ttlMs: after };
  } catch (error) {
    const message = `${what}: ${(error as Error).message}`;
    await auditor.record(connection.profile, { action, target, resultCount: 0, durationMs: Date.now() - started, outcome: 'failed', message });
    throw error;
  }
}
