import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../shared/contract';
import { MetricHistoryBuffer, aggregateMinute } from '../../electron/core/metrics/history';
import { RingBuffer } from '../../electron/core/metrics/ring-buffer';
import { HistoryFile } from '../../electron/core/metrics/history-file';
import { tempDir } from '../helpers/core';
import { promises as fs, rmSync } from 'node:fs';

function sample(ts: number, over: Partial<MetricSample> = {}): MetricSample {
  return {
    connectionId: 'c', ts, latencyMs: 1, hitRate: 0.5, hitRateRaw: 0.5, hitRateTotal: 0.5, hitRateServer: 0.5, hitsDelta: 1, missesDelta: 1, ownHitsDelta: 0, ownMissesDelta: 0,
    keyspaceHits: 0, keyspaceMisses: 0, opsPerSec: 10, totalCommands: 0, usedMemory: ts, usedMemoryPeak: 0,
    usedMemoryRss: 0, maxMemory: 0, maxMemoryPolicy: 'noeviction', memoryFraction: null, totalSystemMemory: null,
    fragmentation: null, evictedPerSec: 0, evictedTotal: 0, expiredPerSec: 0, expiredTotal: 0, connectedClients: 1,
    blockedClients: 0, rejectedConnections: 0, rejectedPerSec: 0, netInPerSec: 0, netOutPerSec: 0, cpuPct: 0, keys: 0,
    expires: 0, keysNoTtl: 0, dbs: [], uptimeSec: 1, role: 'master', version: '7.0.15',
    persistence: { loading: false, rdbLastSaveTime: null, rdbChangesSinceLastSave: null, rdbLastBgsaveStatus: null, rdbBgsaveInProgress: false, aofEnabled: false, aofLastWriteStatus: null, aofRewriteInProgress: false },
    ...over,
  };
}

describe('RingBuffer', () => {
  it('keeps the newest items in order once full', () => {
    const r = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) r.push(i);
    expect(r.toArray()).toEqual([3, 4, 5]);
    expect(r.length).toBe(3);
    expect(r.last()).toBe(5);
  });
  it('rejects a non-positive capacity', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

describe('aggregateMinute', () => {
  it('keeps every topology event of the minute, in order, and a cluster problem the minute saw', () => {
    const down = { ts: 1000, kind: 'node-down' as const, message: '10.0.0.2:7000 (primary) does not answer.', address: '10.0.0.2:7000' };
    const failover = { ts: 3000, kind: 'failover' as const, message: '10.0.0.5:7000 took over from 10.0.0.2:7000 (failover).', address: '10.0.0.5:7000' };
    const problem = { ok: false, slotsCovered: 10922, problem: 'cluster_state is fail …' };
    const agg = aggregateMinute([
      sample(0, { cluster: { ok: true, slotsCovered: 16384 } }),
      sample(1000, { topology: [down], reset: 'topology', cluster: problem }),
      sample(2000, { cluster: problem }),
      sample(3000, { topology: [failover], reset: 'topology', cluster: { ok: true, slotsCovered: 16384 } }),
      sample(4000, { cluster: { ok: true, slotsCovered: 16384 } }),
    ]);
    expect(agg.topology).toEqual([down, failover]);
    expect(agg.reset).toBe('topology');
    expect(agg.cluster).toEqual(problem);
    // A standalone minute grows no such fields.
    expect(Object.keys(aggregateMinute([sample(0), sample(1000)]))).not.toContain('topology');
  });
  it('takes the hit rate from summed hits and misses, not the mean of ratios', () => {
    const agg = aggregateMinute([sample(0, { hitsDelta: 99, missesDelta: 1, hitRate: 0.99 }), sample(1000, { hitsDelta: 0, missesDelta: 100, hitRate: 0 })]);
    expect(agg.hitRate).toBeCloseTo(99 / 200, 10);
  });
  it('averages rates over samples that had one and keeps a gap/reset marker', () => {
    const agg = aggregateMinute([sample(0, { opsPerSec: null, gap: true }), sample(1000, { opsPerSec: 10 }), sample(2000, { opsPerSec: 30, reset: 'restart' })]);
    expect(agg.opsPerSec).toBe(20);
    expect(agg.gap).toBe(true);
    expect(agg.reset).toBe('restart');
    expect(agg.usedMemory).toBe(2000); // gauges: the last value
  });
  it('has no hit rate for a minute with no lookups', () => {
    const quiet = { hitsDelta: null, missesDelta: null, hitRate: null };
    expect(aggregateMinute([sample(0, quiet), sample(1000, quiet)]).hitRate).toBeNull();
    expect(aggregateMinute([sample(0, quiet), sample(1000, quiet)]).ts).toBe(0);
  });
});

describe('MetricHistoryBuffer', () => {
  it('holds an hour of fine samples and rolls whole minutes into the coarse buffer', () => {
    const h = new MetricHistoryBuffer('c');
    const start = 1_700_000_040_000; // a minute boundary
    for (let i = 0; i < 3 * 3600; i++) h.push(sample(start + i * 1000));
    const snap = h.snapshot();
    expect(snap.fine).toHaveLength(3600);
    expect(snap.fine[0]?.ts).toBe(start + 2 * 3600 * 1000);
    expect(snap.coarse).toHaveLength(179); // the current minute is still open
    expect(snap.coarse[1]!.ts - snap.coarse[0]!.ts).toBe(60_000);
  });
  it('caps the coarse buffer at 24 h', () => {
    const h = new MetricHistoryBuffer('c', 10, 1440);
    for (let m = 0; m < 1500; m++) h.push(sample(m * 60_000));
    expect(h.snapshot().coarse).toHaveLength(1440);
  });
  it('says when a push completed a minute, puts restored minutes first, and hands out the minute under way', () => {
    const h = new MetricHistoryBuffer('c');
    const m0 = 1_700_000_040_000;
    expect(h.push(sample(m0 + 120_000))).toBe(false);
    expect(h.push(sample(m0 + 121_000))).toBe(false);
    h.restore([sample(m0), sample(m0 + 60_000), sample(m0 + 120_000)]); // the last: a previous run's part of this minute
    expect(h.minutes().map((m) => m.ts)).toEqual([m0, m0 + 60_000, m0 + 120_000]);
    expect(h.minutes(true)).toHaveLength(4);
    expect(h.push(sample(m0 + 180_000))).toBe(true);
    // The stored part of the minute and this run's part are one minute: their lookups add up.
    expect(h.minutes().map((m) => m.ts)).toEqual([m0, m0 + 60_000, m0 + 120_000]);
    expect(h.minutes()[2]!.hitsDelta).toBe(3);
  });
});

describe('HistoryFile', () => {
  const now = 1_700_086_400_000;
  it('keeps the last 24 h at 1 min, at most 1440 minutes, and reads them back in order', async () => {
    const dir = tempDir();
    try {
      const f = new HistoryFile(dir, 'prod/cache');
      const minutes = Array.from({ length: 1500 }, (_, i) => sample(now - (1500 - i) * 60_000));
      await f.save(minutes);
      expect(JSON.parse(await fs.readFile(f.file, 'utf8')).coarse).toHaveLength(1440);
      const back = await new HistoryFile(dir, 'prod/cache').load(now);
      expect(back).toHaveLength(1439); // the oldest kept is exactly 24 h old: out of the day
      expect(back[back.length - 1]).toEqual(minutes[1499]);
      expect(await new HistoryFile(dir, 'prod/cache').load(now + 24 * 3600_000)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads a missing, damaged or foreign file as no history', async () => {
    const dir = tempDir();
    try {
      const f = new HistoryFile(dir, 'c');
      expect(await f.load(now)).toEqual([]);
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(f.file, '{"version":1,"connectionId":"c","coarse":[{"ts":');
      expect(await f.load(now)).toEqual([]);
      await fs.writeFile(f.file, JSON.stringify({ version: 1, connectionId: 'other', coarse: [sample(now - 60_000)] }));
      expect(await f.load(now)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
