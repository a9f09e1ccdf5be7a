import { describe, expect, it } from 'vitest';
import type { MetricSample, TopologyEvent } from '../../shared/contract/metrics';
import { metricSeries, type ChartMarker } from '../../shared/chart-series';
import { markerLabels } from '../../renderer/src/charts/marker-labels';
import { aggregateSamples, downsampleSamples } from '../../shared/downsample';
import { topologyLabel } from '../../shared/topology-words';

function sample(ts: number, over: Partial<MetricSample> = {}): MetricSample {
  return {
    connectionId: 'c', ts, latencyMs: 1, hitRate: 0.8, hitRateRaw: 0.8, hitRateTotal: 0.8, hitRateServer: 0.8, hitsDelta: 8, missesDelta: 2,
    ownHitsDelta: 0, ownMissesDelta: 0, keyspaceHits: 0, keyspaceMisses: 0, opsPerSec: 10, totalCommands: 0, usedMemory: 100,
    usedMemoryPeak: 0, usedMemoryRss: 0, maxMemory: 0, maxMemoryPolicy: 'noeviction', memoryFraction: null, totalSystemMemory: null,
    fragmentation: null, evictedPerSec: 0, evictedTotal: 0, expiredPerSec: 0, expiredTotal: 0, connectedClients: 1, blockedClients: 0,
    rejectedConnections: 0, rejectedPerSec: 0, netInPerSec: 0, netOutPerSec: 0, cpuPct: 0, keys: 0, expires: 0, keysNoTtl: 0, dbs: [],
    uptimeSec: 1, role: 'master', version: '7.0.15',
    persistence: { loading: false, rdbLastSaveTime: null, rdbChangesSinceLastSave: null, rdbLastBgsaveStatus: null, rdbBgsaveInProgress: false, aofEnabled: false, aofLastWriteStatus: null, aofRewriteInProgress: false },
    ...over,
  };
}
const every1s = () => 1000;
const failover: TopologyEvent = { ts: 3000, kind: 'failover', message: '127.0.0.1:7004 took over from 127.0.0.1:7001 (failover)', address: '127.0.0.1:7004' };
const down: TopologyEvent = { ts: 3000, kind: 'node-down', message: '127.0.0.1:7001 does not answer', address: '127.0.0.1:7001' };

describe('topology events on the charts', () => {
  it('a failover that starts a new baseline is one marker that says what happened, with the line broken there', () => {
    const points = [sample(1000), sample(2000), sample(3000, { reset: 'topology', opsPerSec: null, topology: [down, failover] }), sample(4000)];
    const { rows, markers } = metricSeries(points, every1s);
    expect(markers).toEqual([{ kind: 'topology', from: 3000, to: 3000, label: 'failover +1', details: [down.message, failover.message] }]);
    // A break row between 2000 and 3000: no line drawn across the change (no false drop or spike).
    expect(rows.map((r) => r.ts)).toEqual([1000, 2000, 2500, 3000, 4000]);
    expect(rows[2]!.opsPerSec).toBeNull();
    expect(rows[2]!.usedMemory).toBeNull();
  });

  it('an event that left the sums alone (a replica down) is marked without breaking the line', () => {
    const replicaDown: TopologyEvent = { ts: 2000, kind: 'node-down', message: 'replica 127.0.0.1:7005 does not answer' };
    const { rows, markers } = metricSeries([sample(1000), sample(2000, { topology: [replicaDown] }), sample(3000)], every1s);
    expect(markers).toEqual([{ kind: 'topology', from: 2000, to: 2000, label: 'node down', details: [replicaDown.message] }]);
    expect(rows).toHaveLength(3);
  });

  it('a topology reset without events (an old minute aggregate) is still a marker', () => {
    const { markers } = metricSeries([sample(1000), sample(2000, { reset: 'topology' })], every1s);
    expect(markers).toEqual([{ kind: 'topology', from: 2000, to: 2000 }]);
  });

  it('markers stay in time order next to gaps and restarts', () => {
    const points = [sample(1000), sample(9000, { gap: true }), sample(10_000, { topology: [{ ...failover, ts: 10_000 }] }), sample(11_000, { reset: 'restart' })];
    const { markers } = metricSeries(points, every1s);
    expect(markers.map((m) => `${m.kind}@${m.to}`)).toEqual(['gap@9000', 'topology@10000', 'restart@11000']);
  });

  it('downsampling keeps every event of a bucket, so a long window still marks them', () => {
    const folded = aggregateSamples([sample(1000), sample(2000, { reset: 'topology', topology: [failover] }), sample(3000, { topology: [down] })]);
    expect(folded.reset).toBe('topology');
    expect(folded.topology).toEqual([failover, down]);
    expect('topology' in aggregateSamples([sample(1000), sample(2000)])).toBe(false);
    const many = Array.from({ length: 900 }, (_, i) => sample(i * 1000, i === 450 ? { reset: 'topology', topology: [failover] } : {}));
    const { points } = downsampleSamples(many, 900_000, 300);
    expect(points.length).toBeLessThanOrEqual(300);
    const { markers } = metricSeries(points, () => 3000);
    expect(markers.filter((m) => m.kind === 'topology')).toHaveLength(1);
    expect(markers.find((m) => m.kind === 'topology')!.label).toBe('failover');
  });

  it('labels name the most consequential event of a poll', () => {
    expect(topologyLabel([])).toBe('topology');
    expect(topologyLabel([{ ts: 1, kind: 'node-up', message: '' }, { ts: 1, kind: 'switch-master', message: '' }])).toBe('new primary +1');
    expect(topologyLabel([{ ts: 1, kind: 'slots-moved', message: '' }])).toBe('slots moved');
  });
});

describe('marker labels', () => {
  const m = (to: number, over: Partial<ChartMarker> = {}): ChartMarker => ({ kind: 'topology', from: to, to, ...over });

  it('markers close together share one label on the last line, naming the most consequential change', () => {
    const markers = [
      m(1000, { label: 'node down', details: ['a does not answer'] }),
      m(4000, { label: 'cluster state', details: ['fail'] }),
      m(5000, { label: 'failover +1', details: ['b took over', 'ok again'] }),
      { kind: 'gap' as const, from: 5000, to: 9000 },
      m(60_000, { label: 'node up', details: ['a answers again'] }),
    ];
    expect(markerLabels(markers, 10_000)).toEqual([null, null, 'failover +3', null, 'node up']);
  });

  it('a lone marker keeps its own words; resets without details count once', () => {
    expect(markerLabels([{ kind: 'restart', from: 1, to: 1 }], 10)).toEqual(['restart']);
    expect(markerLabels([{ kind: 'restart', from: 1, to: 1 }, m(3, { label: 'node up', details: ['x'] })], 10)).toEqual([null, 'restart +1']);
    expect(markerLabels([m(1, { label: 'slots moved' }), m(100, { label: 'node up' })], 10)).toEqual(['slots moved', 'node up']);
  });
});
