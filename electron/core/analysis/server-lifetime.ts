import type Redis from 'ioredis';
import type { ScanReads, ServerRestart } from '../../../shared/contract/keyspace';
import { parseInfo } from '../metrics/info-parser';

/** One run of a redis-server process: run_id changes, and uptime starts again, when it restarts. */
export interface Lifetime {
  runId: string;
  uptimeSec: number;
  /** ms epoch at which it was read. */
  at: number;
}

/**
 * The data nodes' lifetime from INFO server — run ids joined, the youngest uptime, so a restart
 * (or a failover's new primary) of any node shows; null when INFO is denied or fails.
 */
export async function readLifetime(nodes: Redis[]): Promise<Lifetime | null> {
  try {
    const all = await Promise.all(nodes.map(async (client) => parseInfo(await client.info('server')).fields));
    const runIds = all.map((f) => f['run_id']);
    const uptimes = all.map((f) => Number(f['uptime_in_seconds']));
    if (all.length === 0 || runIds.some((r) => !r) || uptimes.some((u) => !Number.isFinite(u))) return null;
    return { runId: runIds.join(','), uptimeSec: Math.min(...uptimes), at: Date.now() };
  } catch {
    return null;
  }
}

/** Own reads up to the moment a connection drop was noticed. */
export interface Drop {
  at: number;
  reads: ScanReads;
}

/**
 * Did the server restart between `before` and `after`? If so, split own reads at the drop where
 * the current lifetime began: reads before it went into counters the restart wiped out.
 */
export function restartBetween(before: Lifetime | null, after: Lifetime | null, drops: Drop[], total: ScanReads): ServerRestart | null {
  if (!before || !after) return null;
  const restarted = after.runId !== before.runId || after.uptimeSec * 1000 < after.at - before.at - 1000;
  if (!restarted) return null;
  // uptime is whole seconds: the process started at most a second after this estimate.
  const startedBy = after.at - after.uptimeSec * 1000 + 1000;
  const drop = drops.filter((d) => d.at <= startedBy).at(-1) ?? drops[0];
  const previous = drop?.reads ?? { hits: 0, misses: 0 };
  return {
    runIdBefore: before.runId,
    runIdAfter: after.runId,
    readsBefore: previous,
    readsAfter: { hits: total.hits - previous.hits, misses: total.misses - previous.misses },
  };
}
