import type { Cluster, default as Redis } from 'ioredis';
import { unlinkMatching } from './invalidate';
import { redisTypeOf, type KeySpec, type PatternRule, type RedisType, type WorkloadProfile } from './profiles';
import { createRng, zipfRank, type Rng } from './random';
import { APP_STATS_TTL_MS, appStatsJson, queueWrite, ttlMsOf } from './writes';

/**
 * A cache-aside application in a loop, as the five apps run: read the key; on a miss "load
 * from the database" (generate the value) and write it with its TTL; on an update delete the
 * key, now and then by pattern. Popularity is Zipf-like over each pattern's id space, so the hit
 * rate behaves like a real cache's: without a target it emerges from popularity, TTLs, deletes
 * and evictions. The rate and an explicit hit-rate target can change while it runs. An app with
 * its own counters (gomeet's `cache:stats`) reads and rewrites them around every cache call.
 */

export interface WorkloadOptions {
  /** The app's connection (a Cluster client on a cluster); the caller owns it (connects and disconnects it). */
  client: Redis | Cluster;
  profile: WorkloadProfile;
  /** Hot ids per spec, in profile order (the seeded allocation): ids 0…n-1 are read Zipf-like. */
  idSpace: readonly number[];
  opsPerSec: number;
  /** Steer the hit rate towards this fraction (0–1); null lets it be whatever the traffic makes it. */
  hitTarget?: number | null;
  /** Seeds the choice of operations, and the values written (same seed as the dataset's). */
  seed?: number;
  /** Share of operations that are updates (a delete), default 0.02. */
  updateShare?: number;
  /** Share of updates that invalidate by pattern (SCAN + UNLINK), default 0.05. */
  patternShare?: number;
  /** Zipf exponent of popularity, default 1. */
  zipf?: number;
  /** Operations outstanding at once; beyond it the backlog is dropped rather than burst later. Default 256. */
  maxInFlight?: number;
  onError?(error: unknown): void;
}

export interface WorkloadCounters {
  /** Operations completed: lookups, counter increments, deletes, pattern invalidations. */
  ops: number;
  lookups: number;
  hits: number;
  misses: number;
  /** Lookups of ids never seen before (the long tail): misses by construction. */
  freshLookups: number;
  /** Values written after a miss. */
  sets: number;
  /** Delete operations: one per DEL and one per pattern invalidation (as an app's counter counts calls). */
  deletes: number;
  patternInvalidations: number;
  patternKeysDeleted: number;
  increments: number;
  errors: number;
  /** Reads of the app's own stats key (gomeet): keyspace hits (or misses) its own rate leaves out. */
  statsReads: number;
}

type Op =
  | { kind: 'lookup'; spec: number; n: number; fresh: boolean }
  | { kind: 'incr'; spec: number; n: number }
  | { kind: 'delete'; spec: number; n: number }
  | { kind: 'pattern'; glob: string; exact: boolean };

const TICK_MS = 10;
/** Weight of one hot lookup in the running estimate of the hot set's hit rate. */
const EWMA_ALPHA = 1 / 300;

const zeroCounters = (): WorkloadCounters => ({
  ops: 0,
  lookups: 0,
  hits: 0,
  misses: 0,
  freshLookups: 0,
  sets: 0,
  deletes: 0,
  patternInvalidations: 0,
  patternKeysDeleted: 0,
  increments: 0,
  errors: 0,
  statsReads: 0,
});

export class CacheWorkload {
  private readonly client: Redis | Cluster;
  private readonly specs: readonly KeySpec[];
  private readonly types: RedisType[];
  private readonly idSpace: number[];
  private readonly fresh: number[];
  private readonly cumulative: number[];
  private readonly patterns: readonly PatternRule[];
  private readonly patternTotal: number;
  private readonly eligibleShare: number;
  private readonly statsKey: string | undefined;
  private readonly rng: Rng;
  private readonly seed: number;
  private readonly options: WorkloadOptions;
  private readonly c = zeroCounters();
  /** The counters when the stats key was last (re)created: what it counts from. */
  private statsBase = zeroCounters();

  private opsPerSec: number;
  private target: number | null;
  private hotHitEstimate = 1;
  private running = false;
  private epoch = 0;
  private issuedSinceEpoch = 0;
  private inFlight = 0;
  private patternRunning = false;
  private tickTimer: NodeJS.Timeout | null = null;
  private readonly abort = new AbortController();
  private waiters: { ops: number; resolve(): void; reject(e: Error): void }[] = [];
  private idle: (() => void) | null = null;

  constructor(options: WorkloadOptions) {
    this.options = options;
    this.client = options.client;
    this.specs = options.profile.specs;
    if (options.idSpace.length !== this.specs.length) throw new RangeError('idSpace needs one entry per spec');
    this.types = this.specs.map((s) => redisTypeOf(s.value));
    this.idSpace = this.specs.map((s, i) => Math.max(1, Math.min(options.idSpace[i]!, s.cardinality ?? Infinity)));
    this.fresh = [...this.idSpace];
    let sum = 0;
    this.cumulative = this.specs.map((s) => (sum += s.value.kind === 'appStats' ? 0 : s.weight));
    const lookupWeight = (pred: (s: KeySpec) => boolean) =>
      this.specs.filter((s) => s.value.kind !== 'appStats' && s.value.kind !== 'counter' && pred(s)).reduce((t, s) => t + s.weight, 0);
    this.eligibleShare = lookupWeight((s) => s.cardinality === undefined) / Math.max(1e-9, lookupWeight(() => true));
    this.patterns = options.profile.patterns;
    this.patternTotal = this.patterns.reduce((t, p) => t + p.weight, 0);
    this.statsKey = this.specs.find((s) => s.value.kind === 'appStats')?.key(0);
    this.seed = options.seed ?? 1;
    this.rng = createRng(this.seed ^ 0x5bd1e995);
    this.opsPerSec = validRate(options.opsPerSec);
    this.target = validTarget(options.hitTarget ?? null);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.epoch = performance.now();
    this.issuedSinceEpoch = 0;
    this.tickTimer = setTimeout(this.tick, 0);
    // The app re-initialises its counters to zeros when it starts (sent before any operation).
    if (this.statsKey) {
      this.statsBase = { ...this.c };
      this.client.set(this.statsKey, appStatsJson(zeroCounters()), 'PX', APP_STATS_TTL_MS).catch((e: unknown) => this.failed(e));
    }
  }

  /** Stop issuing and let the operations in flight (with their stats writes) finish. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.tickTimer) clearTimeout(this.tickTimer);
    this.abort.abort();
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.idle = resolve));
    for (const w of this.waiters.splice(0)) w.reject(new Error('the workload stopped'));
  }

  get isRunning(): boolean {
    return this.running;
  }

  get rate(): number {
    return this.opsPerSec;
  }

  get hitTarget(): number | null {
    return this.target;
  }

  /** Share of eligible lookups currently sent to never-seen ids to hold the hit target. */
  get freshShare(): number {
    if (this.target === null) return 0;
    return clamp((1 - this.target / Math.max(this.hotHitEstimate, 1e-3)) / Math.max(this.eligibleShare, 1e-9), 0, 1);
  }

  setRate(opsPerSec: number): void {
    this.opsPerSec = validRate(opsPerSec);
    // A new rate starts from now: no catch-up burst for the time before the change.
    this.epoch = performance.now();
    this.issuedSinceEpoch = 0;
  }

  setHitTarget(target: number | null): void {
    this.target = validTarget(target);
  }

  counters(): WorkloadCounters {
    return { ...this.c };
  }

  /** Resolves once `ops` operations have completed (for tests and scripted demos). */
  whenOps(ops: number): Promise<void> {
    if (this.c.ops >= ops) return Promise.resolve();
    if (!this.running) return Promise.reject(new Error('the workload is not running'));
    return new Promise((resolve, reject) => this.waiters.push({ ops, resolve, reject }));
  }

  private readonly tick = (): void => {
    if (!this.running) return;
    const due = Math.floor(((performance.now() - this.epoch) * this.opsPerSec) / 1000) - this.issuedSinceEpoch;
    const room = (this.options.maxInFlight ?? 256) - this.inFlight;
    // Redis (or this process) can't keep up: drop the backlog instead of bursting it later.
    const now = Math.min(due, room);
    this.issuedSinceEpoch += Math.max(due, 0);
    for (let i = 0; i < now; i++) this.issue(this.pickOp());
    this.tickTimer = setTimeout(this.tick, TICK_MS);
  };

  private pickSpec(): number {
    const u = this.rng.next() * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  private hotId(spec: number): number {
    return zipfRank(this.rng.next(), this.idSpace[spec]!, this.options.zipf ?? 1);
  }

  private pickOp(): Op {
    const spec = this.pickSpec();
    if (this.rng.next() < (this.options.updateShare ?? 0.02)) {
      if (this.patternTotal > 0 && !this.patternRunning && this.rng.next() < (this.options.patternShare ?? 0.05)) return this.pickPattern();
      return { kind: 'delete', spec, n: this.hotId(spec) };
    }
    if (this.specs[spec]!.value.kind === 'counter') return { kind: 'incr', spec, n: this.hotId(spec) };
    if (this.specs[spec]!.cardinality === undefined && this.rng.next() < this.freshShare) return { kind: 'lookup', spec, n: this.fresh[spec]!++, fresh: true };
    return { kind: 'lookup', spec, n: this.hotId(spec), fresh: false };
  }

  private pickPattern(): Op {
    let u = this.rng.next() * this.patternTotal;
    const rule = this.patterns.find((p) => (u -= p.weight) < 0) ?? this.patterns[this.patterns.length - 1]!;
    const from = rule.from === undefined ? -1 : this.specs.findIndex((s) => s.name === rule.from);
    const n = from >= 0 ? this.hotId(from) : 0;
    return { kind: 'pattern', glob: rule.glob(from >= 0 ? this.specs[from]!.id(n) : '', n), exact: rule.exact === true };
  }

  private issue(op: Op): void {
    this.inFlight++;
    if (op.kind === 'pattern') this.patternRunning = true;
    this.run(op)
      .catch((e: unknown) => this.failed(e))
      .finally(() => {
        if (op.kind === 'pattern') this.patternRunning = false;
        this.inFlight--;
        this.c.ops++;
        if (this.waiters.length > 0) this.wake();
        if (this.inFlight === 0 && this.idle) {
          this.idle();
          this.idle = null;
        }
      });
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => this.c.ops >= w.ops);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => this.c.ops < w.ops);
    for (const w of ready) w.resolve();
  }

  private failed(e: unknown): void {
    this.c.errors++;
    this.options.onError?.(e);
  }

  private async run(op: Op): Promise<void> {
    if (op.kind === 'pattern') {
      const deleted = op.exact ? await this.client.unlink(op.glob) : (await unlinkMatching(this.client, op.glob, { signal: this.abort.signal })).deleted;
      this.c.patternInvalidations++;
      this.c.patternKeysDeleted += deleted;
      this.c.deletes++;
      return this.recordStats();
    }
    const spec = this.specs[op.spec]!;
    const key = spec.key(op.n);
    if (op.kind === 'delete') {
      await this.client.del(key);
      this.c.deletes++;
      return this.recordStats();
    }
    if (op.kind === 'incr') {
      // The rate-limit idiom: the TTL is set when the window's first request creates the counter.
      if ((await this.client.incr(key)) === 1) await this.client.pexpire(key, ttlMsOf(spec, op.n, this.seed) ?? 60_000);
      this.c.increments++;
      return;
    }
    const hit = await this.lookup(this.types[op.spec]!, key);
    this.c.lookups++;
    if (op.fresh) this.c.freshLookups++;
    else this.hotHitEstimate += EWMA_ALPHA * ((hit ? 1 : 0) - this.hotHitEstimate);
    if (hit) {
      this.c.hits++;
      return this.recordStats();
    }
    this.c.misses++;
    await this.recordStats();
    const tx = this.client.multi();
    queueWrite(tx, spec, op.n, this.seed, true);
    const results = await tx.exec();
    const failed = results?.find(([err]) => err);
    if (failed) throw failed[0];
    this.c.sets++;
    return this.recordStats();
  }

  /** One read of the kind the app does; each is exactly one keyspace hit or miss on the server. */
  private async lookup(type: RedisType, key: string): Promise<boolean> {
    const c = this.client;
    switch (type) {
      case 'string':
        return (await c.getBuffer(key)) !== null;
      case 'hash':
        return Object.keys(await c.hgetallBuffer(key)).length > 0;
      case 'set':
        return (await c.smembersBuffer(key)).length > 0;
      case 'zset':
        return (await c.zrevrangeBuffer(key, 0, 9, 'WITHSCORES')).length > 0;
      case 'list':
        return (await c.lrangeBuffer(key, 0, 9)).length > 0;
      case 'stream':
        return (await c.xrevrangeBuffer(key, '+', '-', 'COUNT', 10)).length > 0;
    }
  }

  /**
   * gomeet's cache repository after each Get, Set and Delete: read `cache:stats` (a keyspace hit,
   * or a miss once it has expired or been evicted), then write it back with the new counts and
   * a 24 h TTL. Both go out at once on the app's one connection, so the writes land in order and
   * the JSON never goes backwards; a read that finds it gone starts the counts again from zero,
   * as the app's re-created key does.
   */
  private async recordStats(): Promise<void> {
    const key = this.statsKey;
    if (!key) return;
    const now = { ...this.c };
    const base = this.statsBase;
    const since = { hits: now.hits - base.hits, misses: now.misses - base.misses, sets: now.sets - base.sets, deletes: now.deletes - base.deletes, errors: now.errors - base.errors };
    const read = this.client.get(key);
    const write = this.client.set(key, appStatsJson(since), 'PX', APP_STATS_TTL_MS);
    this.c.statsReads++;
    const [found] = await Promise.all([read, write]);
    if (found === null && this.statsBase === base) this.statsBase = now;
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

function validRate(opsPerSec: number): number {
  if (!Number.isFinite(opsPerSec) || opsPerSec <= 0 || opsPerSec > 1_000_000) throw new RangeError(`rate must be between 0 and 1,000,000 ops/s, got ${opsPerSec}`);
  return opsPerSec;
}

function validTarget(target: number | null): number | null {
  if (target === null) return null;
  if (!Number.isFinite(target) || target < 0 || target > 1) throw new RangeError(`hit target must be between 0 and 1, got ${target}`);
  return target;
}
