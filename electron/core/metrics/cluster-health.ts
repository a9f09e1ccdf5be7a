import type { ClusterHealth } from '../../../shared/contract';
import { formatInteger } from '../../../shared/format';
import { CLUSTER_SLOTS } from '../redis/cluster-nodes';
import type { ClusterView, SlotRange } from '../redis/watch';

/** Ranges listed by name in the sentence; the rest are counted. */
const RANGES_NAMED = 4;

const span = (r: SlotRange) => (r.from === r.to ? `slot ${r.from}` : `slots ${r.from}-${r.to}`);
const count = (n: number) => `${formatInteger(n)} slot${n === 1 ? '' : 's'}`;

/**
 * cluster_state and slot coverage in words. A slot is covered when its primary answered this
 * poll and the cluster does not mark it failed; otherwise the sentence says which slot ranges
 * have no reachable primary and why (unassigned, the primary does not answer, the cluster marks
 * it failed). `answered`: the addresses that answered this poll; `failed`: flagged `fail`.
 */
export function clusterHealth(view: ClusterView, answered: ReadonlySet<string>, failed: ReadonlySet<string>): ClusterHealth {
  let covered = 0;
  const why = new Map<string, SlotRange[]>();
  for (const r of view.ranges) {
    const reason =
      r.primary === null
        ? 'no node serves them'
        : failed.has(r.primary)
          ? `${r.primary} is marked failed by the cluster`
          : !answered.has(r.primary)
            ? `${r.primary} does not answer`
            : null;
    if (reason === null) covered += r.to - r.from + 1;
    else why.set(reason, [...(why.get(reason) ?? []), r]);
  }
  const ok = view.state === 'ok' && covered === CLUSTER_SLOTS;
  if (ok) return { ok, slotsCovered: covered };
  const uncovered = CLUSTER_SLOTS - covered;
  const of = `${count(uncovered)} of ${formatInteger(CLUSTER_SLOTS)}`;
  const groups = [...why].map(([reason, ranges]) => {
    const more = ranges.length > RANGES_NAMED ? ` and ${ranges.length - RANGES_NAMED} more ranges` : '';
    return `${ranges.slice(0, RANGES_NAMED).map(span).join(', ')}${more} (${reason})`;
  });
  const state = `cluster_state is ${view.state} (per ${view.source}: ${formatInteger(view.slotsOk)} slots ok, ${formatInteger(view.slotsPfail)} possibly failing, ${formatInteger(view.slotsFail)} failing)`;
  const problem =
    view.state === 'ok'
      ? `The cluster reports ok, but no primary Cachescope can reach serves ${of}: ${groups.join('; ')}.`
      : uncovered === 0
        ? `${state}.`
        : `${state}; ${of} have no reachable primary: ${groups.join('; ')}.`;
  return { ok, slotsCovered: covered, problem };
}
