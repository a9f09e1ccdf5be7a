import type Redis from 'ioredis';

export interface Traffic {
  hits: number;
  misses: number;
  stop(): Promise<void>;
}

/**
 * Steady cache traffic: every `tickMs`, a pipeline of GETs interleaving hits and misses
 * (misses spread evenly among the hits), so any poll interval sees the same ratio.
 */
export function startTraffic(client: Redis, options: { hitKeys: string[]; hitsPerTick: number; missesPerTick: number; tickMs: number }): Traffic {
  const { hitKeys, hitsPerTick, missesPerTick, tickMs } = options;
  const traffic: Traffic = { hits: 0, misses: 0, stop: async () => undefined };
  let running = true;
  let n = 0;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      const pipeline = client.pipeline();
      const total = hitsPerTick + missesPerTick;
      let h = 0;
      let m = 0;
      for (let i = 0; i < total; i++) {
        // Spread the misses evenly among the hits (Bresenham).
        if (Math.floor(((i + 1) * missesPerTick) / total) > Math.floor((i * missesPerTick) / total)) {
          pipeline.get(`e2e:missing:${n++}`);
          m++;
        } else {
          pipeline.get(hitKeys[h++ % hitKeys.length]!);
        }
      }
      await pipeline.exec();
      traffic.hits += h;
      traffic.misses += m;
      await new Promise((r) => setTimeout(r, Math.max(0, tickMs - (Date.now() - started))));
    }
  })();
  traffic.stop = async () => {
    running = false;
    await loop;
  };
  return traffic;
}
