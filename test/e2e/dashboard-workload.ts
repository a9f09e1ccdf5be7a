import type Redis from 'ioredis';

/** What the workload itself saw: its own GET results, counted as they came back. */
export interface Counts {
  hits: number;
  misses: number;
}

export interface CacheAside {
  /** Totals since start (GETs that found a value / found nothing). */
  readonly total: Counts;
  /** Change the share of reads that go to hot keys (the rest read keys never cached yet). */
  setHitShare(share: number): void;
  /** Counts since the last `mark()` (or start): the figure for one phase of the test. */
  sinceMark(): Counts;
  mark(): void;
  stop(): Promise<void>;
}

export interface CacheAsideOptions {
  hotKeys: string[];
  /** Fraction of reads aimed at hot keys (0–1). */
  hitShare: number;
  readsPerTick: number;
  tickMs: number;
  /** TTL of values filled on a miss (cache-aside: read, miss, load, SET with TTL). */
  fillTtlSec: number;
  /** Bytes per filled value (raise it to fill a small maxmemory). */
  valueBytes?: number;
  /** Also count the app's own hits/misses in this hash (like gomeet's `cache:stats`). */
  statsHash?: string;
  prefix?: string;
}

export const ratio = (c: Counts): number => c.hits / (c.hits + c.misses);

/**
 * A cache-aside application: each tick, a pipeline of GETs — hot keys (hits) interleaved
 * evenly with keys that were never cached (misses) — and a SET with TTL for every miss, as an
 * application fills its cache after loading from the database. Hits and misses are counted from
 * the GET replies themselves, so an evicted hot key counts as the miss it really is.
 */
export function startCacheAside(client: Redis, options: CacheAsideOptions): CacheAside {
  const total: Counts = { hits: 0, misses: 0 };
  let marked: Counts = { hits: 0, misses: 0 };
  let share = options.hitShare;
  let running = true;
  let n = 0;
  const prefix = options.prefix ?? 'e2e:item';
  const value = 'v'.repeat(options.valueBytes ?? 64);

  const loop = (async () => {
    while (running) {
      const started = Date.now();
      const reads = options.readsPerTick;
      const missesWanted = Math.round(reads * (1 - share));
      const keys: string[] = [];
      for (let i = 0; i < reads; i++) {
        // Spread the misses evenly among the hits (Bresenham), so every poll sees the same mix.
        const miss = Math.floor(((i + 1) * missesWanted) / reads) > Math.floor((i * missesWanted) / reads);
        keys.push(miss ? `${prefix}:${n++}` : options.hotKeys[(n + i) % options.hotKeys.length]!);
      }
      const replies = (await client.pipeline(keys.map((k) => ['get', k])).exec()) ?? [];
      const fill = client.pipeline();
      let hits = 0;
      let misses = 0;
      replies.forEach(([err, reply], i) => {
        if (err) return;
        if (reply === null) {
          misses++;
          fill.set(keys[i]!, value, 'EX', options.fillTtlSec);
        } else hits++;
      });
      if (options.statsHash) {
        if (hits) fill.hincrby(options.statsHash, 'hits', hits);
        if (misses) fill.hincrby(options.statsHash, 'misses', misses);
        if (misses) fill.hincrby(options.statsHash, 'sets', misses);
      }
      if (fill.length > 0) await fill.exec();
      total.hits += hits;
      total.misses += misses;
      await new Promise((r) => setTimeout(r, Math.max(0, options.tickMs - (Date.now() - started))));
    }
  })();

  return {
    total,
    setHitShare: (s) => {
      share = s;
    },
    sinceMark: () => ({ hits: total.hits - marked.hits, misses: total.misses - marked.misses }),
    mark: () => {
      marked = { ...total };
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
}

/** Seed hot keys the workload will hit (cached with a long TTL, as the app would have). */
export async function seedHotKeys(client: Redis, count: number, prefix = 'e2e:hot'): Promise<string[]> {
  const keys = Array.from({ length: count }, (_, i) => `${prefix}:${i}`);
  const p = client.pipeline();
  keys.forEach((k, i) => (i % 4 === 0 ? p.set(k, `value-${i}`) : p.set(k, `value-${i}`, 'EX', 3600)));
  await p.exec();
  return keys;
}
