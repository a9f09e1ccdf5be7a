import { useMemo } from 'react';
import type { MetricSample, NodeSample } from '../../../../shared/contract/metrics';
import type { ConnectionState, ProfileView } from '../../../../shared/contract/profiles';
import { samplesInWindow } from '../../../../shared/downsample';
import { formatInteger } from '../../../../shared/format';
import { CLUSTER_SLOTS, clusterHealthWords } from '../../app/cluster-health';
import { isUnreachable } from '../../shell/status-words';
import { UnreachablePanel } from '../../shell/UnreachablePanel';
import { useChartFeed, useLatestSample } from '../../stores/metrics-store';
import { HealthBanner } from '../../ui/HealthBanner';
import { StatePanel } from '../../ui/StatePanel';
import { ChartToolbar, useChartWindow } from '../overview';
import type { ConnectionViewProps } from '../types';
import { NodeBreakdown } from './NodeBreakdown';
import { nodeCounts } from './node-rows';
import { spreadOf } from './node-share';
import { NodeTable } from './NodeTable';
import { TopologyLog } from './TopologyLog';
import { topologyLog } from './topology-log';
import './nodes.css';

const NO_SAMPLES: MetricSample[] = [];
const plural = (n: number, one: string, many: string) => `${formatInteger(n)} ${n === 1 ? one : many}`;

/** "3 primaries · 3 replicas · 16,384 slots served · all up": the shape of the set in one line. */
function NodesSummary({ nodes, latest }: { nodes: readonly NodeSample[]; latest: MetricSample }) {
  const c = nodeCounts(nodes);
  const covered = latest.cluster?.slotsCovered ?? c.slots;
  return (
    <p className="nodes-summary" data-testid="nodes-summary" data-primaries={c.primaries} data-replicas={c.replicas} data-down={c.down} data-slots={c.slots ?? ''}>
      <strong>{plural(c.primaries, 'primary', 'primaries')}</strong> · {plural(c.replicas, 'replica', 'replicas')}
      {covered !== null && (
        <>
          {' · '}
          <span className={covered < CLUSTER_SLOTS ? 'tone-bad' : undefined}>
            {covered < CLUSTER_SLOTS ? `${formatInteger(covered)} of ${formatInteger(CLUSTER_SLOTS)} slots served` : `all ${formatInteger(CLUSTER_SLOTS)} slots served`}
          </span>
        </>
      )}
      {' · '}
      <span className={c.down > 0 ? 'tone-bad' : 'tone-ok'}>{c.down > 0 ? `${plural(c.down, 'node', 'nodes')} down` : 'all up'}</span>
    </p>
  );
}

function NodesDashboard({ profile, state, latest, nodes }: { profile: ProfileView; state: ConnectionState | undefined; latest: MetricSample; nodes: readonly NodeSample[] }) {
  const win = useChartWindow(profile, state);
  const feed = useChartFeed(profile.id);
  const fine = feed?.fine ?? NO_SAMPLES;
  const coarse = feed?.coarse ?? NO_SAMPLES;
  // Per-node figures come from the samples as polled: the overview's downsampled points keep only a bucket's last nodes.
  const inWindow = useMemo(() => samplesInWindow(fine, coarse, win.from, win.to), [fine, coarse, win.from, win.to]);
  const events = useMemo(() => topologyLog(samplesInWindow(fine, coarse, 0, Number.MAX_SAFE_INTEGER)), [fine, coarse]);
  const ops = useMemo(() => spreadOf(nodes, 'ops'), [nodes]);
  const memory = useMemo(() => spreadOf(nodes, 'memory'), [nodes]);
  const health = clusterHealthWords(latest);
  const primaries = nodes.filter((n) => n.role === 'primary').length;
  return (
    <div className="nodes-view" data-testid="nodes-view">
      <NodesSummary nodes={nodes} latest={latest} />
      {health && <HealthBanner words={health} testId="nodes-health" />}
      <NodeTable nodes={nodes} />
      {primaries > 1 ? (
        <>
          <ChartToolbar liveTo={win.to} bucketMs={win.bucketMs} />
          <NodeBreakdown win={win} samples={inWindow} firstFineTs={fine[0]?.ts ?? Number.POSITIVE_INFINITY} ops={ops} memory={memory} profile={profile} />
        </>
      ) : (
        <p className="muted" data-testid="nodes-one-primary">
          One primary serves every key{primaries === 1 && nodes.length > 1 ? '; its replicas take over if it fails' : ''}: its figures are the overview&apos;s.
        </p>
      )}
      <TopologyLog events={events} />
    </div>
  );
}

/** Every node of a cluster or a Sentinel set: the table, the per-primary breakdown and the topology log. */
export function NodesView({ profile, state }: ConnectionViewProps) {
  const latest = useLatestSample(profile.id);
  if (!latest) {
    if (state && isUnreachable(state)) return <UnreachablePanel profile={profile} state={state} />;
    return (
      <StatePanel testId="nodes-waiting" tone="muted" busy title="Waiting for the first poll of every node…">
        <p className="muted">Each node answers INFO in every poll (every {profile.pollIntervalMs / 1000} s); the rows appear with the first answers.</p>
      </StatePanel>
    );
  }
  const nodes = latest.nodes ?? [];
  if (nodes.length === 0)
    return (
      <StatePanel testId="nodes-one-node" tone="muted" title="One node">
        <p className="muted">
          {profile.pinNode
            ? 'This connection is pinned to one node, so only that node is watched. Untick “pin this node” in Edit to watch the whole cluster.'
            : 'This connection watches a single Redis node. Cluster and Sentinel connections list each of their nodes here.'}
        </p>
      </StatePanel>
    );
  return <NodesDashboard profile={profile} state={state} latest={latest} nodes={nodes} />;
}
