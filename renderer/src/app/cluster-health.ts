import type { MetricSample } from '../../../shared/contract/metrics';
import { formatInteger } from '../../../shared/format';

/** Redis Cluster's hash slots. */
export const CLUSTER_SLOTS = 16_384;

export interface HealthWords {
  tone: 'warn' | 'bad';
  title: string;
  lines: string[];
}

const plural = (n: number, one: string, many: string) => `${formatInteger(n)} ${n === 1 ? one : many}`;

/**
 * The cluster's state and the nodes that did not answer, in words — for the overview and the
 * nodes view. Null when all is well (or the connection is a single node). Pure.
 */
export function clusterHealthWords(sample: MetricSample | undefined): HealthWords | null {
  if (!sample) return null;
  const down = (sample.nodes ?? []).filter((n) => !n.up);
  const downLine =
    down.length > 0
      ? `${plural(down.length, 'node does', 'nodes do')} not answer: ${down.map((n) => `${n.address} (${n.role})`).join(', ')}.`
      : null;
  const cluster = sample.cluster;
  if (cluster && !cluster.ok) {
    const uncovered = CLUSTER_SLOTS - cluster.slotsCovered;
    const problem =
      cluster.problem ?? (uncovered > 0 ? `${plural(uncovered, 'hash slot has', 'hash slots have')} no serving primary: keys there can be neither read nor written.` : 'The cluster reports state fail.');
    return { tone: 'bad', title: 'The cluster is not healthy', lines: downLine ? [problem, downLine] : [problem] };
  }
  if (downLine) return { tone: 'warn', title: down.length === 1 ? 'A node is down' : 'Nodes are down', lines: [downLine] };
  return null;
}
