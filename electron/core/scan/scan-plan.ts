import type Redis from 'ioredis';
import type { ScanPlan } from '../../../shared/contract/keyspace';
import { AUTO_SCAN_MAX_KEYS } from '../../../shared/contract/limits';
import { describeRedisError } from '../redis/describe-error';

/** The threshold, or an override from the environment (tests, users with a faster server); 0 turns auto-scan off. */
export function autoScanMaxKeys(env: NodeJS.ProcessEnv | undefined): number {
  const raw = env?.CACHESCOPE_AUTO_SCAN_MAX_KEYS;
  const n = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : AUTO_SCAN_MAX_KEYS;
}

/**
 * Whether the Keys tab may scan by itself: DBSIZE over the data nodes, and one `SCAN 0 COUNT 1`
 * — the cheapest way to learn whether the ACL allows a scan at all (DBSIZE alone does not say).
 * Plain SCAN reads no key, so it counts as no keyspace hit or miss (invariant 8).
 */
export async function scanPlan(nodes: Redis[], maxKeys: number, where: string): Promise<ScanPlan> {
  let dbsize: number | null = 0;
  for (const node of nodes) {
    const n = await node.dbsize().catch(() => null);
    dbsize = dbsize === null || n === null ? null : dbsize + n;
  }
  let blocked: string | null = null;
  try {
    for (const node of nodes) await node.scan('0', 'COUNT', 1);
  } catch (e) {
    blocked = describeRedisError(e, where).message;
  }
  return { dbsize, autoScanMaxKeys: maxKeys, auto: maxKeys > 0 && blocked === null && dbsize !== null && dbsize <= maxKeys, blocked };
}
