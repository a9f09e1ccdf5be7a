import type { MetricSample } from '../../../shared/contract';

/** Below this many primaries a share says little (two primaries at 60/40 is not a hot shard); a Sentinel set has one. */
export const IMBALANCE_MIN_PRIMARIES = 3;
/** Ops shares count only with this much traffic over the primaries: an idle cluster's shares are noise. */
export const IMBALANCE_MIN_OPS = 50;

/** The most loaded primary: its share of the primaries' ops or memory, whichever is larger. */
export interface Imbalance {
  share: number;
  address: string;
  measure: 'ops' | 'memory';
  /** "127.0.0.1:7001 carries 71 % of the ops (3 primaries)". */
  words: string;
}

function topShare(values: { address: string; v: number }[]): { address: string; share: number } | null {
  const total = values.reduce((s, x) => s + x.v, 0);
  if (total <= 0) return null;
  const top = values.reduce((a, b) => (b.v > a.v ? b : a));
  return { address: top.address, share: top.v / total };
}

/**
 * How unevenly the primaries that answered share the load, from the sample's node rows; null
 * without rows (a single server), with fewer than 3 primaries up, or with nothing to compare.
 */
export function imbalanceOf(s: MetricSample): Imbalance | null {
  const primaries = (s.nodes ?? []).filter((n) => n.role === 'primary' && n.up);
  if (primaries.length < IMBALANCE_MIN_PRIMARIES) return null;
  const rated = primaries.every((n) => n.opsPerSec !== null);
  const ops = rated && primaries.reduce((a, n) => a + n.opsPerSec!, 0) >= IMBALANCE_MIN_OPS ? topShare(primaries.map((n) => ({ address: n.address, v: n.opsPerSec! }))) : null;
  const memory = topShare(primaries.map((n) => ({ address: n.address, v: n.usedMemory })));
  const pick = ops && (!memory || ops.share >= memory.share) ? { ...ops, measure: 'ops' as const } : memory ? { ...memory, measure: 'memory' as const } : null;
  if (!pick) return null;
  return { ...pick, words: `${pick.address} carries ${Math.round(pick.share * 100)} % of the ${pick.measure === 'ops' ? 'ops' : 'memory'} (${primaries.length} primaries)` };
}
