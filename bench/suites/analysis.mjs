/**
 * Scan analysis, side by side on the same data: the core (page script, and its pipeline
 * fallback), a bare ioredis SCAN + pipeline loop, `redis-cli --memkeys` and `--bigkeys`.
 * Runs are interleaved (run 1 of every tool, then run 2…) so a drift in the machine's load
 * hits every tool alike. Then the throttle sweep: how far a throttle brings the concurrent
 * `redis-cli --latency` max back to idle (an idle window just before each throttled one).
 */
import path from 'node:path';
import { idleLatency, observe } from '../lib/measure.mjs';
import { run, worker } from '../lib/proc.mjs';
import { round } from '../lib/stats.mjs';

const WORKER = (ctx, name) => path.join(ctx.root, 'bench', 'workers', name);

/** Start an analysis worker and wait until it is connected (not yet running). */
export async function analysisWorker(ctx, opts) {
  const w = worker(process.execPath, ['--expose-gc', WORKER(ctx, 'analysis.mjs'), JSON.stringify({ port: ctx.redis.port, ...opts })], { cwd: ctx.root });
  const ready = await w.next('ready');
  return { w, ready };
}

async function runWorkerTool(ctx, opts) {
  const { w, ready } = await analysisWorker(ctx, opts);
  const { value, server } = await observe(ctx.redis, ctx.idle.cpuPerSec, async () => {
    w.send({ cmd: 'go' });
    return w.next('result');
  });
  await w.done();
  const r = value;
  return {
    keys: r.keys,
    ms: round(r.ms, 1),
    keysPerSec: Math.round(r.keys / (r.ms / 1000)),
    state: r.state,
    path: r.path ?? null,
    coreKeysPerSec: r.coreKeysPerSec ?? null,
    firstMs: r.firstMs === null ? null : round(r.firstMs, 1),
    clientCpuMs: round(r.clientCpuMs, 1),
    memory: {
      rssBefore: ready.mem.rss,
      rssAfter: r.memAfter.rss,
      rssPeak: r.rssPeak,
      rssDelta: r.memAfter.rss - ready.mem.rss,
      heldDelta: r.memAfter.heapUsed + r.memAfter.external - (ready.mem.heapUsed + ready.mem.external),
      heapUsedAfter: r.memAfter.heapUsed,
      arrayBuffersAfter: r.memAfter.arrayBuffers,
      footprint: r.footprint ?? null,
      indexed: r.indexed ?? null,
    },
    server,
  };
}

async function runCliTool(ctx, flag) {
  const { value, server } = await observe(ctx.redis, ctx.idle.cpuPerSec, () => run('redis-cli', ['-p', String(ctx.redis.port), flag]));
  if (value.code !== 0) throw new Error(`redis-cli ${flag} failed: ${value.stderr}`);
  const m = /Sampled (\d+) keys/.exec(value.stdout);
  const keys = m ? Number(m[1]) : null;
  return { keys, ms: round(value.ms, 1), keysPerSec: keys ? Math.round(keys / (value.ms / 1000)) : null, state: 'done', server };
}

export const ANALYSIS_TOOLS = [
  { id: 'cachescope', label: 'Cachescope core, page script', run: (ctx) => runWorkerTool(ctx, { tool: 'cachescope', path: 'script' }) },
  { id: 'cachescopePipeline', label: 'Cachescope core, pipeline path (scripting denied)', run: (ctx) => runWorkerTool(ctx, { tool: 'cachescope', path: 'pipeline' }), slow: true },
  { id: 'bare', label: 'bare ioredis SCAN + pipeline loop', run: (ctx) => runWorkerTool(ctx, { tool: 'bare' }) },
  { id: 'memkeys', label: 'redis-cli --memkeys', run: (ctx) => runCliTool(ctx, '--memkeys') },
  { id: 'bigkeys', label: 'redis-cli --bigkeys', run: (ctx) => runCliTool(ctx, '--bigkeys') },
];

export async function analysisSuite(ctx) {
  const runs = Object.fromEntries(ANALYSIS_TOOLS.map((t) => [t.id, []]));
  for (let i = 0; i < ctx.runs; i++) {
    for (const tool of ANALYSIS_TOOLS) {
      if (tool.slow && i >= ctx.slowRuns) continue;
      const r = await tool.run(ctx);
      ctx.log(`analysis ${tool.id} run ${i + 1}: ${r.keys} keys in ${r.ms} ms = ${r.keysPerSec} keys/s; server CPU ${r.server.cpuNetS} s; slowest call ${r.server.slowestCallUs} µs; latency max ${r.server.latency?.maxMs} ms`);
      runs[tool.id].push(r);
    }
  }
  if (ctx.pinning) {
    // Once more with nothing pinned, to show what sharing the cores does to SLOWLOG's figures.
    const r = await ctx.unpinned(() => ANALYSIS_TOOLS[0].run(ctx));
    ctx.log(`analysis cachescope, not pinned: ${r.keysPerSec} keys/s; slowest call ${r.server.slowestCallUs} µs; latency max ${r.server.latency?.maxMs} ms`);
    runs.cachescopeUnpinned = [r];
  }
  return runs;
}

/** Throttled analysis for a fixed window each (the scan need not finish: latency is a steady state). */
export async function throttleSweep(ctx) {
  const out = [];
  for (const throttle of ctx.throttles) {
    // Idle just before each window: on a shared machine the scheduler's noise drifts.
    const idle = await idleLatency(ctx.redis, ctx.windowMs / 2);
    const { w } = await analysisWorker(ctx, { tool: 'cachescope', path: 'script', throttle, loop: true, maxMs: ctx.windowMs });
    const { value, server } = await observe(ctx.redis, ctx.idle.cpuPerSec, async () => {
      w.send({ cmd: 'go' });
      return w.next('result');
    });
    await w.done();
    const r = {
      throttle,
      keys: value.totalKeys,
      ms: round(value.totalMs, 1),
      keysPerSec: Math.round(value.totalKeys / (value.totalMs / 1000)),
      latency: server.latency,
      idleBefore: idle,
      slowestCallUs: server.slowestCallUs,
      cpuNetS: server.cpuNetS,
      stealPct: server.stealPct,
    };
    ctx.log(`throttle ${throttle} cmd/s: ${r.keysPerSec} keys/s, latency max ${r.latency?.maxMs} ms avg ${r.latency?.avgMs} (idle just before: max ${idle?.maxMs} avg ${idle?.avgMs})`);
    out.push(r);
  }
  return out;
}
