import { describe, expect, it } from 'vitest';
import { derive, type Baseline } from '../../electron/core/metrics/derive';
import { parseInfo } from '../../electron/core/metrics/info-parser';

interface Counters {
  runId?: string;
  uptime?: number;
  hits?: number;
  misses?: number;
  commands?: number;
  evicted?: number;
  expired?: number;
  maxmemory?: number;
  used?: number;
  rss?: number;
  cpu?: number;
  keyspace?: string;
}

function info(c: Counters) {
  return parseInfo(
    [
      '# Server',
      'redis_version:7.0.15',
      `run_id:${c.runId ?? 'a'}`,
      `uptime_in_seconds:${c.uptime ?? 100}`,
      '# Memory',
      `used_memory:${c.used ?? 1000}`,
      `used_memory_rss:${c.rss ?? 1500}`,
      `maxmemory:${c.maxmemory ?? 0}`,
      'maxmemory_policy:allkeys-lru',
      '# Stats',
      `keyspace_hits:${c.hits ?? 0}`,
      `keyspace_misses:${c.misses ?? 0}`,
      `total_commands_processed:${c.commands ?? 0}`,
      `evicted_keys:${c.evicted ?? 0}`,
      `expired_keys:${c.expired ?? 0}`,
      '# CPU',
      `used_cpu_sys:${c.cpu ?? 0}`,
      'used_cpu_user:0',
      '# Keyspace',
      c.keyspace ?? 'db0:keys=10,expires=4,avg_ttl=5000',
    ].join('\r\n'),
  );
}

function run(prev: Counters | null, cur: Counters, dtMs = 1000, afterGap = false) {
  let previous: Baseline | null = null;
  if (prev) previous = derive({ connectionId: 'c', info: info(prev), at: 0, latencyMs: 1, previous: null, afterGap: false }).baseline;
  return derive({ connectionId: 'c', info: info(cur), at: dtMs, latencyMs: 0.5, previous, afterGap }).sample;
}

describe('derive', () => {
  it('computes the interval hit rate from counter deltas, since-connected and server-lifetime rates', () => {
    const s = run({ hits: 100, misses: 100 }, { hits: 190, misses: 110 });
    expect(s.hitRate).toBeCloseTo(0.9, 10);
    expect(s.hitRateTotal).toBeCloseTo(0.9, 10); // since the first poll
    expect(s.hitRateServer).toBeCloseTo(190 / 300, 10);
    expect(s.hitsDelta).toBe(90);
    expect(s.missesDelta).toBe(10);
  });

  it('reports no data (null), not 0 % or 100 %, for an interval without lookups', () => {
    const s = run({ hits: 5, misses: 5 }, { hits: 5, misses: 5 });
    expect(s.hitRate).toBeNull();
    expect(run(null, { hits: 0, misses: 0 }).hitRateServer).toBeNull();
  });

  it('divides counters by the poller clock, not by a fixed interval', () => {
    const s = run({ commands: 0, evicted: 0, expired: 0, cpu: 1 }, { commands: 500, evicted: 20, expired: 4, cpu: 1.25 }, 2000);
    expect(s.opsPerSec).toBe(250);
    expect(s.evictedPerSec).toBe(10);
    expect(s.expiredPerSec).toBe(2);
    expect(s.cpuPct).toBeCloseTo(12.5, 6);
  });

  it('has no rates on the first sample', () => {
    const s = run(null, { commands: 500 });
    expect(s.opsPerSec).toBeNull();
    expect(s.hitRate).toBeNull();
    expect(s.reset).toBeUndefined();
  });

  it('marks a restart (run id or uptime going back) and starts a new baseline instead of a negative rate', () => {
    const s = run({ runId: 'a', uptime: 500, commands: 10_000 }, { runId: 'b', uptime: 2, commands: 3 });
    expect(s.reset).toBe('restart');
    expect(s.opsPerSec).toBeNull();
    expect(run({ uptime: 500 }, { uptime: 3 }).reset).toBe('restart');
  });

  it('marks CONFIG RESETSTAT (a counter going down on the same server) as a stats reset', () => {
    const s = run({ hits: 1000, misses: 10, commands: 5000 }, { hits: 0, misses: 0, commands: 1 });
    expect(s.reset).toBe('stats-reset');
    expect(s.hitRate).toBeNull();
    expect(s.opsPerSec).toBeNull();
  });

  it('carries no rates across a gap (the server was unreachable)', () => {
    const s = run({ commands: 0 }, { commands: 100 }, 1000, true);
    expect(s.gap).toBe(true);
    expect(s.opsPerSec).toBeNull();
  });

  it('says "no limit" (null fraction) when maxmemory is 0, and computes fragmentation', () => {
    expect(run(null, { maxmemory: 0 }).memoryFraction).toBeNull();
    const s = run(null, { maxmemory: 2000, used: 1500, rss: 3000 });
    expect(s.memoryFraction).toBe(0.75);
    expect(s.fragmentation).toBe(2);
  });

  it('counts keys without TTL per db and in total', () => {
    const s = run(null, { keyspace: 'db0:keys=10,expires=4,avg_ttl=5000\r\ndb1:keys=3,expires=3,avg_ttl=1' });
    expect(s.keys).toBe(13);
    expect(s.keysNoTtl).toBe(6);
    expect(s.dbs.map((d) => [d.db, d.noTtl])).toEqual([
      [0, 6],
      [1, 0],
    ]);
  });
});

describe('derive with the read ledger (Cachescope excludes its own reads)', () => {
  const at = (c: Counters, ms: number, own: { hits: number; misses: number }, previous: Baseline | null) =>
    derive({ connectionId: 'c', info: info(c), at: ms, latencyMs: 1, previous, afterGap: false, own });

  it('subtracts own hits and misses from the interval and keeps the raw figure', () => {
    const first = at({ hits: 1000, misses: 1000 }, 0, { hits: 0, misses: 0 }, null);
    // apps: 80 hits, 20 misses; Cachescope: 300 TYPE/PTTL hits, 5 misses
    const s = at({ hits: 1380, misses: 1025 }, 1000, { hits: 300, misses: 5 }, first.baseline).sample;
    expect(s.hitsDelta).toBe(80);
    expect(s.missesDelta).toBe(20);
    expect(s.hitRate).toBeCloseTo(0.8, 10);
    expect(s.hitRateRaw).toBeCloseTo(380 / 405, 10);
    expect(s.ownHitsDelta).toBe(300);
    expect(s.ownMissesDelta).toBe(5);
  });

  it('counts the since-connected rate from the first poll, corrected, and restarts it after a reset', () => {
    const a = at({ hits: 5000, misses: 5000 }, 0, { hits: 0, misses: 0 }, null);
    const b = at({ hits: 5090, misses: 5010 }, 1000, { hits: 50, misses: 0 }, a.baseline);
    const c = at({ hits: 5200, misses: 5030 }, 2000, { hits: 100, misses: 0 }, b.baseline);
    expect(a.sample.hitRateTotal).toBeNull();
    expect(a.sample.hitRateServer).toBe(0.5);
    // apps since connected: hits 200 - 100 own = 100, misses 30
    expect(c.sample.hitRateTotal).toBeCloseTo(100 / 130, 10);
    const d = at({ hits: 10, misses: 0, runId: 'new', uptime: 1 }, 3000, { hits: 100, misses: 0 }, c.baseline);
    expect(d.sample.reset).toBe('restart');
    expect(d.sample.hitRateTotal).toBeNull();
  });

  it('never reports negative application counts when an own reply lands in the next interval', () => {
    const a = at({ hits: 0, misses: 0 }, 0, { hits: 0, misses: 0 }, null);
    const s = at({ hits: 10, misses: 0 }, 1000, { hits: 12, misses: 0 }, a.baseline).sample;
    expect(s.hitsDelta).toBe(0);
  });
});

describe('derive after a slow poll (a fast poll must not make a rate of a few ms)', () => {
  const poll = (c: Counters, ms: number, previous: Baseline | null) =>
    derive({ connectionId: 'c', info: info(c), at: ms, latencyMs: 1, previous, afterGap: false, minIntervalMs: 500 });

  it('folds an interval shorter than the minimum into the next one: no rate from 3 ms, Δcount/Δt over the whole span', () => {
    const a = poll({ commands: 1000, hits: 10, misses: 0, expired: 0 }, 0, null);
    const slow = poll({ commands: 1010, hits: 20, misses: 0, expired: 1 }, 2500, a.baseline); // DEBUG SLEEP 1.5 held this one
    const fast = poll({ commands: 1014, hits: 22, misses: 1, expired: 1 }, 2503, slow.baseline); // 3 ms later
    expect(slow.sample.opsPerSec).toBe(4);
    // 4 commands / 3 ms would be 1333 ops/s: none of the interval figures is derived.
    expect(fast.sample.folded).toBe(true);
    expect(fast.sample.opsPerSec).toBeNull();
    expect(fast.sample.expiredPerSec).toBeNull();
    expect(fast.sample.cpuPct).toBeNull();
    expect(fast.sample.hitsDelta).toBeNull();
    expect(fast.sample.hitRate).toBeNull();
    expect(fast.baseline).toBe(slow.baseline);
    // The next accepted sample spans from the slow one: (1120 - 1010) / 1.0 s, hits counted once.
    const next = poll({ commands: 1120, hits: 40, misses: 1, expired: 3 }, 3500, fast.baseline);
    expect(next.sample.folded).toBeUndefined();
    expect(next.sample.opsPerSec).toBe(110);
    expect(next.sample.expiredPerSec).toBe(2);
    expect(next.sample.hitsDelta).toBe(20);
    expect(next.sample.missesDelta).toBe(1);
  });

  it('keeps folding while the polls stay too close to the last accepted one', () => {
    const a = poll({ commands: 0 }, 0, null);
    const b = poll({ commands: 5 }, 200, a.baseline);
    const c = poll({ commands: 9 }, 400, b.baseline);
    const d = poll({ commands: 60 }, 600, c.baseline);
    expect([b.sample.folded, c.sample.folded, d.sample.folded]).toEqual([true, true, undefined]);
    expect(d.sample.opsPerSec).toBe(100); // 60 commands over 0.6 s since a
  });

  it('still starts a new baseline on a restart that answers quickly', () => {
    const a = poll({ commands: 5000, runId: 'a', uptime: 500 }, 0, null);
    const b = poll({ commands: 3, runId: 'b', uptime: 1 }, 10, a.baseline);
    expect(b.sample.reset).toBe('restart');
    expect(b.sample.folded).toBeUndefined();
    expect(b.baseline.runId).toBe('b');
  });
});
