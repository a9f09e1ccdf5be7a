/**
 * Analysis over a 3-primary Redis Cluster (issue 16), against the same data on one standalone
 * node: its own standalone server seeded with `cachescope seed` (N keys of the profile), its own
 * cluster (bench/lib/cluster.mjs, no replicas) filled with a copy of exactly those keys. Each
 * round, in rotating order:
 *   - `cachescope analyze --json --url <one cluster node>` (the CLI finds the cluster and scans
 *     every primary), and the same on the standalone node: wall time, keys/s of the scan;
 *   - the core in a running process, over the primaries / over the standalone node;
 *   - `redis-cli --memkeys` on each primary in turn (summed time), and on the standalone node.
 * For every run: the servers' CPU (Δ used_cpu_* summed over the nodes, per key) and the longest
 * single call (SLOWLOG of each node, every call ≥ 1 ms logged).
 * Not pinned: on this 2-core machine the three primaries, the client and the servers' threads
 * share two cores — the ceiling of any cluster figure here.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchCluster } from '../lib/cluster.mjs';
import { BenchRedis } from '../lib/redis.mjs';
import { seedDataset } from '../lib/seed.mjs';
import { median, round, summarize } from '../lib/stats.mjs';
import { runTimed } from '../lib/timed.mjs';
import { analysisWorker } from './analysis.mjs';

/** Δ CPU summed over `nodes`, and their longest call (SLOWLOG ≥ 1 ms), around `work`. */
async function onNodes(nodes, work) {
  await Promise.all(nodes.map((n) => n.resetWatch()));
  const cpu0 = await Promise.all(nodes.map((n) => n.cpu()));
  const t0 = performance.now();
  const value = await work();
  const wallMs = performance.now() - t0;
  const cpu1 = await Promise.all(nodes.map((n) => n.cpu()));
  const slow = await Promise.all(nodes.map((n) => n.slowest()));
  const perNodeCpuS = cpu1.map((c, i) => round(c - cpu0[i], 3));
  const worst = slow.reduce((a, b) => (b.maxUs > a.maxUs ? b : a), { maxUs: 0, command: null });
  return { value, wallMs, cpuS: round(perNodeCpuS.reduce((a, b) => a + b, 0), 3), perNodeCpuS, slowestCallUs: worst.maxUs, slowestCommand: worst.command, callsOver1ms: slow.reduce((n, s) => n + s.over1ms, 0) };
}

async function cli(ctx, nodes, url) {
  const args = [path.join(ctx.root, 'bin', 'cachescope.js'), 'analyze', '--url', url, '--json'];
  const o = await onNodes(nodes, () => runTimed(process.execPath, args, { cwd: ctx.root, env: { ...process.env, CACHESCOPE_DATA_DIR: ctx.dataDir } }));
  const r = o.value;
  if (r.code !== 0) throw new Error(`cachescope analyze failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(r.stdout);
  const keys = report.totals.keys;
  return { keys, dbsize: report.dbsize, ms: round(r.ms, 1), keysPerSec: Math.round(keys / (r.ms / 1000)), scanKeysPerSec: Math.round(keys / (report.durationMs / 1000)), path: report.path, clientCpuS: r.cpuS, ...server(o, keys) };
}

async function core(ctx, nodes) {
  // 'auto', as the CLI: where the page script is refused (a cluster node) the pipeline path runs.
  const { w } = await analysisWorker(ctx, { tool: 'cachescope', path: 'auto', ports: nodes.map((n) => n.port) });
  const o = await onNodes(nodes, async () => {
    w.send({ cmd: 'go' });
    return w.next('result');
  });
  await w.done();
  const r = o.value;
  return { keys: r.keys, ms: round(r.ms, 1), keysPerSec: Math.round(r.keys / (r.ms / 1000)), path: r.path, clientCpuS: round(r.clientCpuMs / 1000, 2), ...server(o, r.keys) };
}

/** memkeys on each node in turn; the figure is the summed time. */
async function memkeys(ctx, nodes) {
  let keys = 0;
  let ms = 0;
  let clientCpuS = 0;
  const perNode = [];
  const o = await onNodes(nodes, async () => {
    for (const n of nodes) {
      const r = await runTimed('redis-cli', ['-p', String(n.port), '--memkeys']);
      if (r.code !== 0) throw new Error(`redis-cli --memkeys failed: ${r.stderr}`);
      const k = Number(/Sampled (\d+) keys/.exec(r.stdout)?.[1] ?? NaN);
      keys += k;
      ms += r.ms;
      clientCpuS += r.cpuS ?? 0;
      perNode.push({ port: n.port, keys: k, ms: round(r.ms, 1) });
    }
  });
  return { keys, ms: round(ms, 1), keysPerSec: Math.round(keys / (ms / 1000)), clientCpuS: round(clientCpuS, 2), perNode, ...server(o, keys) };
}

function server(o, keys) {
  return { serverCpuS: o.cpuS, serverCpuSPerMKeys: round(o.cpuS / (keys / 1e6), 3), perNodeCpuS: o.perNodeCpuS, slowestCallUs: o.slowestCallUs, slowestCommand: o.slowestCommand, callsOver1ms: o.callsOver1ms };
}

export async function clusterSuite(ctx) {
  const dir = path.join(ctx.tmp, 'cluster');
  mkdirSync(path.join(dir, 'standalone'), { recursive: true });
  const standalone = new BenchRedis(path.join(dir, 'standalone'));
  const cluster = new BenchCluster(dir, 3);
  try {
    await standalone.start();
    const seeded = await seedDataset({ ...ctx, redis: standalone });
    await cluster.start();
    const copy = await cluster.copyFrom(standalone);
    const dbsizes = await cluster.dbsizes();
    ctx.log(`cluster: 3 primaries on ${cluster.nodes.map((n) => n.port).join(', ')}; ${copy.keys} keys copied from the standalone node in ${round(copy.ms / 1000, 1)} s (per primary ${dbsizes.join(' / ')})`);
    const tools = [
      { id: 'cliCluster', run: () => cli(ctx, cluster.nodes, cluster.seedUrl) },
      { id: 'cliStandalone', run: () => cli(ctx, [standalone], standalone.url) },
      { id: 'coreCluster', run: () => core(ctx, cluster.nodes) },
      { id: 'coreStandalone', run: () => core({ ...ctx, redis: standalone }, [standalone]) },
      { id: 'memkeysCluster', run: () => memkeys(ctx, cluster.nodes) },
      { id: 'memkeysStandalone', run: () => memkeys(ctx, [standalone]) },
    ];
    const runs = Object.fromEntries(tools.map((t) => [t.id, []]));
    for (let i = 0; i < ctx.runs; i++) {
      for (let k = 0; k < tools.length; k++) {
        const tool = tools[(k + i) % tools.length];
        const r = await tool.run(); // the bench runs unpinned by now (see scripts/bench.mjs)
        r.round = i + 1;
        r.load1 = round(os.loadavg()[0], 2);
        runs[tool.id].push(r);
        ctx.log(`cluster ${tool.id} round ${i + 1}: ${r.keys} keys in ${r.ms} ms = ${r.keysPerSec} keys/s; server CPU ${r.serverCpuS} s (${r.serverCpuSPerMKeys} s/M keys); slowest call ${r.slowestCallUs} µs; load ${r.load1}`);
      }
    }
    return { primaries: 3, replicas: 0, seeded, copy, dbsizes, runs, summary: summarizeCluster(runs) };
  } finally {
    await cluster.stop();
    await standalone.stop().catch(() => undefined);
  }
}

export function summarizeCluster(runs) {
  const out = {};
  for (const [id, list] of Object.entries(runs)) {
    if (!list.length) continue;
    out[id] = {
      keys: median(list.map((r) => r.keys)),
      ms: summarize(list.map((r) => r.ms)),
      keysPerSec: summarize(list.map((r) => r.keysPerSec)),
      serverCpuSPerMKeys: summarize(list.map((r) => r.serverCpuSPerMKeys)),
      slowestCallUs: summarize(list.map((r) => r.slowestCallUs)),
      clientCpuSPerMKeys: summarize(list.map((r) => (r.clientCpuS === null ? null : r.clientCpuS / (r.keys / 1e6)))),
    };
  }
  return out;
}
