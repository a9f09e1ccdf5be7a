/**
 * The scale curve on one standalone node (issue 16): 100k → 1M → 10M keys with small values
 * (bench/lib/seed-small.mjs: the layouts' shapes, 8–64-byte values, so 10M keys fit in memory
 * here). At each size, on its own redis-server (flushed and seeded for the size):
 *   - the core's analysis in its own process (bench/workers/analysis.mjs): keys/s, the memory of
 *     the process holding the index (RSS delta, held heap + external, index footprint), the
 *     first page indexed;
 *   - the Keys view in Chromium against `cachescope serve` (the keyscroll section's procedure):
 *     time to the first row on screen after Scan, the scan's keys/s in the UI, and long tasks
 *     while scrolling the whole list (~30 s of wheel, PageDown and jumps).
 * Not pinned: the server, the Node processes and Chromium share the machine's cores.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { observe } from '../lib/measure.mjs';
import { BenchRedis } from '../lib/redis.mjs';
import { seedSmall } from '../lib/seed-small.mjs';
import { round } from '../lib/stats.mjs';
import { keyListScrollSuite } from './key-list-scroll.mjs';
import { analysisWorker } from './analysis.mjs';

async function analysisAt(ctx, redis) {
  const { w, ready } = await analysisWorker({ ...ctx, redis }, { tool: 'cachescope', path: 'script' });
  const { value: r, server } = await observe(
    redis,
    0,
    async () => {
      w.send({ cmd: 'go' });
      return w.next('result');
    },
    { latency: false },
  );
  await w.done();
  return {
    keys: r.keys,
    ms: round(r.ms, 1),
    keysPerSec: Math.round(r.keys / (r.ms / 1000)),
    firstMs: r.firstMs === null ? null : round(r.firstMs, 1),
    clientCpuS: round(r.clientCpuMs / 1000, 2),
    serverCpuS: server.cpuS,
    slowestCallUs: server.slowestCallUs,
    load1: server.load1,
    memory: {
      rssBefore: ready.mem.rss,
      rssAfter: r.memAfter.rss,
      rssPeak: r.rssPeak,
      rssDelta: r.memAfter.rss - ready.mem.rss,
      heldDelta: r.memAfter.heapUsed + r.memAfter.external - (ready.mem.heapUsed + ready.mem.external),
      footprint: r.footprint ?? null,
    },
  };
}

export async function scaleSuite(ctx) {
  const sizes = ctx.scaleKeys;
  const out = { sizes, seeding: 'bench/lib/seed-small.mjs (small values) via redis-cli --pipe', points: [] };
  for (const keys of sizes) {
    const dir = path.join(ctx.tmp, `scale-${keys}`);
    mkdirSync(dir, { recursive: true });
    const redis = new BenchRedis(dir);
    const point = { keys };
    try {
      await redis.start();
      const seeded = await seedSmall(redis.port, keys);
      const info = await redis.info('memory');
      point.seed = seeded;
      point.usedMemory = Number(info.used_memory);
      ctx.log(`scale ${keys}: seeded in ${round(seeded.ms / 1000, 1)} s (${seeded.keysPerSec} keys/s), ${info.used_memory_human} in Redis`);
      // Fewer runs at the largest size: each is a minute and more.
      const runs = keys > 1_000_000 ? 1 : ctx.runs;
      point.analysis = [];
      for (let i = 0; i < runs; i++) {
        const a = await analysisAt(ctx, redis);
        point.analysis.push(a);
        ctx.log(`scale ${keys}: analysis ${a.keys} keys at ${a.keysPerSec} keys/s; index RSS delta ${round(a.memory.rssDelta / 2 ** 20, 0)} MB, held ${round(a.memory.heldDelta / 2 ** 20, 0)} MB; first page ${a.firstMs} ms; load ${a.load1}`);
      }
      if (ctx.scaleUi) {
        // The Keys view on the same server and data (the keyscroll section's procedure).
        point.ui = await keyListScrollSuite(ctx, { keys, dir: `scale-ui-${keys}`, redis, seeded, slowScan: false }).catch((e) => ({ error: e instanceof Error ? e.message : String(e) }));
        if (point.ui.error) ctx.log(`scale ${keys}: the Keys view failed: ${point.ui.error}`);
      }
    } finally {
      await redis.stop().catch(() => undefined);
    }
    out.points.push(point);
  }
  return out;
}
