import type { NodeSample } from '../../../../shared/contract/metrics';
import { formatPercent } from '../../../../shared/format';

/**
 * How the load or the memory spreads over the primaries, and the sentence that names a hot
 * shard. Pure. A primary is "hot" when it carries at least 1.5× its even share (with 3
 * primaries: 50 % or more), the same bar as the imbalance alert's default.
 */

export type ShareMetric = 'ops' | 'memory';

export interface NodeShare {
  address: string;
  value: number;
  /** Fraction 0–1 of the primaries' total. */
  share: number;
}

export interface Spread {
  metric: ShareMetric;
  /** Primaries that answered with a figure, biggest first. */
  parts: NodeShare[];
  total: number;
  /** The biggest carries at least 1.5× an even share. */
  hot: boolean;
  sentence: string;
}

export const HOT_FACTOR = 1.5;

const valueOf: Record<ShareMetric, (n: NodeSample) => number | null> = {
  ops: (n) => n.opsPerSec,
  memory: (n) => n.usedMemory,
};
const NOUN: Record<ShareMetric, string> = { ops: 'the ops', memory: 'the memory' };
const VERB: Record<ShareMetric, string> = { ops: 'takes', memory: 'holds' };

/** The spread of one figure over the primaries that are up; null with fewer than two of them. */
export function spreadOf(nodes: readonly NodeSample[], metric: ShareMetric): Spread | null {
  const serving = nodes.filter((n) => n.role === 'primary' && n.up);
  if (serving.length < 2) return null;
  const known = serving.flatMap((n) => {
    const v = valueOf[metric](n);
    return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? [{ address: n.address, value: v }] : [];
  });
  const total = known.reduce((a, p) => a + p.value, 0);
  if (known.length === 0 || total <= 0) {
    const sentence = metric === 'ops' ? (known.length === 0 ? 'No ops figures yet — rates need two polls.' : 'No commands in the last interval.') : 'No memory figures yet.';
    return { metric, parts: [], total, hot: false, sentence };
  }
  const parts = known.map((p) => ({ ...p, share: p.value / total })).sort((a, b) => b.share - a.share || a.address.localeCompare(b.address));
  const top = parts[0]!;
  const even = 1 / serving.length;
  const hot = top.share >= HOT_FACTOR * even;
  const sentence = hot
    ? `${top.address} ${VERB[metric]} ${formatPercent(top.share, 0)} of ${NOUN[metric]} (an even share is ${formatPercent(even, 0)}).`
    : `${metric === 'ops' ? 'Ops are' : 'Memory is'} spread evenly over ${serving.length} primaries: the largest share, ${top.address}, is ${formatPercent(top.share, 0)}.`;
  return { metric, parts, total, hot, sentence };
}
