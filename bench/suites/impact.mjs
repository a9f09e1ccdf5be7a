/**
 * Impact on the server: `redis-benchmark -t set,get` throughput alone, then during a full
 * analysis and during an invalidation, each with and without a throttle. The probe runs as short
 * invocations back to back (bench/lib/loadgen.mjs); the "during" figure is the median of those
 * that ran wholly while the work was running. Analysis loops (it is read-only) for a fixed
 * window; the invalidations delete from the full dataset (throttled first, over a window, then
 * unthrottled over what is left, to the end). Each condition is paired with an "alone" window run
 * just before it, and its drop is against that one: on a shared machine the load drifts.
 *
 * On a 2-core machine the server, the probe and the Node client share the cores: part of any
 * drop is CPU contention on the client side, not load on the server. The results say so.
 */
import path from 'node:path';
import { benchLoop, benchOnce, within } from '../lib/loadgen.mjs';
import { startLatency } from '../lib/latency.mjs';
import { sleep, worker } from '../lib/proc.mjs';
import { median, round } from '../lib/stats.mjs';
import { analysisWorker } from './analysis.mjs';

async function calibrate(ctx) {
  const probe = await benchOnce(ctx.redis.port, 20_000);
  const rps = (probe.set.rps + probe.get.rps) / 2;
  // Each invocation (SET then GET) lasts about 2 × sliceSec at the unloaded rate.
  return Math.max(2000, Math.min(200_000, Math.round((rps * ctx.sliceMs) / 1000 / 2)));
}

async function during(ctx, requests, label, action) {
  const lat = startLatency(ctx.redis.port, ctx.redis.cpus);
  await lat.ready();
  const { from, to, extra } = await action(() => benchLoop(ctx.redis.port, requests));
  const latency = await lat.end();
  const fig = within(ctx._slices, from, to);
  ctx.log(`impact ${label}: ${fig.slices} probe slices, set ${fig.setRps} / get ${fig.getRps} req/s, latency max ${latency?.maxMs} ms`);
  return { ...fig, latency, windowMs: round(to - from, 1), ...extra };
}

/** The probe alone for one window (before each condition: the machine's load drifts). */
async function alone(ctx, requests) {
  return during(ctx, requests, 'alone', async (loop) => {
    const l = loop();
    ctx._slices = l.slices;
    const from = performance.now();
    await sleep(ctx.windowMs);
    await l.stop();
    return { from, to: performance.now() };
  });
}

export async function impactSuite(ctx) {
  const requests = await calibrate(ctx);
  const out = { requestsPerInvocation: requests, conditions: {}, aloneWindows: [] };
  const paired = async (key, work) => {
    const base = await alone(ctx, requests);
    out.aloneWindows.push(base);
    const c = await work();
    c.aloneRps = base.rps;
    c.dropPct = base.rps && c.rps !== null ? round((1 - c.rps / base.rps) * 100, 1) : null;
    out.conditions[key] = c;
  };

  // During analysis, unthrottled and throttled (looping over the keyspace for the window).
  for (const throttle of [null, ctx.impactAnalysisThrottle]) {
    const label = throttle ? `analysis throttle ${throttle}` : 'analysis';
    await paired(throttle ? 'analysisThrottled' : 'analysis', () =>
      during(ctx, requests, label, async (loop) => {
        const { w } = await analysisWorker(ctx, { tool: 'cachescope', path: 'script', loop: true, ...(throttle ? { throttle } : {}) });
        w.send({ cmd: 'go' });
        await w.next('first');
        const from = performance.now();
        const l = loop();
        ctx._slices = l.slices;
        await sleep(ctx.windowMs);
        await l.stop();
        const to = performance.now();
        w.send({ cmd: 'stop' });
        const r = await w.next('result');
        await w.done();
        return { from, to, extra: { throttle, workKeysPerSec: Math.round(r.totalKeys / (r.totalMs / 1000)) } };
      }),
    );
  }

  // During invalidation: throttled over a window first, then unthrottled to the end.
  for (const throttle of [ctx.impactInvalidateThrottle, null]) {
    const label = throttle ? `invalidation throttle ${throttle}` : 'invalidation';
    await paired(throttle ? 'invalidationThrottled' : 'invalidation', () =>
      during(ctx, requests, label, async (loop) => {
        const w = worker(process.execPath, [path.join(ctx.root, 'bench', 'workers', 'invalidate.mjs'), JSON.stringify({ port: ctx.redis.port, pattern: ctx.pattern, ...(throttle ? { throttle } : {}) })], { cwd: ctx.root });
        await w.next('ready');
        w.send({ cmd: 'go' });
        await w.next('first');
        const from = performance.now();
        const l = loop();
        ctx._slices = l.slices;
        let to;
        let r;
        if (throttle) {
          await sleep(ctx.windowMs);
          to = performance.now();
          w.send({ cmd: 'stop' });
          r = await w.next('result');
        } else {
          r = await w.next('result');
          to = performance.now();
        }
        await l.stop();
        await w.done();
        return { from, to, extra: { throttle, deleted: r.deleted, workKeysPerSec: Math.round(r.deleted / (r.ms / 1000)) } };
      }),
    );
  }
  delete ctx._slices;

  // "Alone" overall: every probe of every alone window.
  const raw = out.aloneWindows.flatMap((w) => w.raw);
  out.conditions = {
    alone: { slices: raw.length, raw, rps: median(raw.map((x) => (x.set + x.get) / 2)), windows: out.aloneWindows.length, latency: out.aloneWindows.map((w) => w.latency) },
    ...out.conditions,
  };
  return out;
}
