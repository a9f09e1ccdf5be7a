import type { TopologyEvent, TopologyEventKind } from './contract/metrics';

/** A topology event in a word or two: the label on a chart marker and in the nodes view's log. */
export const TOPOLOGY_EVENT_WORDS: Record<TopologyEventKind, string> = {
  failover: 'failover',
  'switch-master': 'new primary',
  'node-down': 'node down',
  'cluster-state': 'cluster state',
  'slots-moved': 'slots moved',
  'node-up': 'node up',
};

/** Which event names a marker when several happened in one poll: what most changes the numbers first. */
const PRIORITY: readonly TopologyEventKind[] = ['failover', 'switch-master', 'node-down', 'cluster-state', 'slots-moved', 'node-up'];

/** The short label for the events of one poll: "failover", or "failover +2" when more happened. */
export function topologyLabel(events: readonly TopologyEvent[]): string {
  if (events.length === 0) return 'topology';
  const first = PRIORITY.find((k) => events.some((e) => e.kind === k)) ?? events[0]!.kind;
  return events.length > 1 ? `${TOPOLOGY_EVENT_WORDS[first]} +${events.length - 1}` : TOPOLOGY_EVENT_WORDS[first];
}
