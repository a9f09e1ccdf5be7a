/**
 * Invalidation across the nodes of a Redis Cluster (issue 16), the way a user runs it:
 * `cachescope invalidate --url redis://<one node> --pattern '*:*' --yes --json` — the CLI finds
 * the cluster from that node, previews (SCAN on every primary), then deletes primary by primary
 * (SCAN MATCH + UNLINK grouped by slot, one pipeline per batch on the node's own connection).
 * The same keys on one standalone node, same command, interleaved run for run, give the
 * comparison. Both datasets are seeded once, snapshotted, and reloaded before every run.
 *
 * Keys: small strings shaped like a session cache (`session:<id>`, `user:<id>:profile`,
 * `cache:page:<id>`, 96-byte values, a third with a TTL), seeded per node by slot. No replicas
 * and nothing pinned: the three primaries, the CLI and the probe share the machine's cores,
 * which is the ceiling on this 2-core machine (said in the table's notes).
 */
import { mkdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ActionsCluster } from '../lib/cluster-actions.mjs';
import { BenchRedis } from '../lib/redis.mjs';
import { idleCpuRate } from '../lib/measure.mjs';
import { run } from '../lib/proc.mjs';
import { round } from '../lib/stats.mjs';

const VALUE = 'v'.repeat(96);
const keyOf = (i) => (i % 10 < 4 ? `session:${i}` : i % 10 < 7 ? `user:${i}:profile` : `cache:page:${i}`);
const ttlOf = (i) => (i % 3 === 0 ? 86_400 : 0);

/** The CLI's invalidation of `pattern` at `url`, with the servers' CPU and slowest call around it. */
async function cliInvalidate(ctx, target, url, idleCpuPerSec) {
  const args = [path.join(ctx.root, 'bin', 'cachescope.js'), 'invalidate', '--url', url, '--pattern', ctx.pattern, '--yes', '--json'];
  const before = await target.dbsize();
  await target.resetWatch();
  const cpu0 = await target.cpu();
  const r = await run(process.execPath, args, { cwd: ctx.root, env: { ...process.env, CACHESCOPE_DATA_DIR: ctx.dataDir } });
  const cpu1 = await target.cpu();
  if (r.code !== 0) throw new Error(`cachescope invalidate failed (${r.code}): ${r.stderr || r.stdout}`);
  const report = JSON.parse(r.stdout.trim().split('\n').pop());
  const slow = await target.slowest();
  return {
    keysBefore: before,
    keysAfter: await target.dbsize(),
    matched: report.preview.matched,
    deleted: report.deleted,
    state: report.state,
    durationMs: report.durationMs,
    keysPerSec: Math.round(report.deleted / (report.durationMs / 1000)),
    wallMs: round(r.ms, 1),
    endToEndKeysPerSec: Math.round(report.deleted / (r.ms / 1000)),
    server: { cpuS: round(cpu1 - cpu0, 3), cpuNetS: round(Math.max(0, cpu1 - cpu0 - idleCpuPerSec * (r.ms / 1000)), 3), slowestCallUs: slow.maxUs, slowestCommand: slow.command },
  };
}

/** One CLI command's JSON report (its last stdout line), with the process's wall time. */
async function cli(ctx, args) {
  const r = await run(process.execPath, [path.join(ctx.root, 'bin', 'cachescope.js'), ...args], { cwd: ctx.root, env: { ...process.env, CACHESCOPE_DATA_DIR: ctx.dataDir } });
  if (r.code !== 0) throw new Error(`cachescope ${args[0]} failed (${r.code}): ${r.stderr || r.stdout}`);
  return { report: JSON.parse(r.stdout.trim().split('\n').pop()), wallMs: r.ms };
}

/**
 * Writes back, timed by the CLI: invalidate with --backup (DUMP + PTTL of every key first), then
 * restore from that backup (RESTORE with the TTL left), then warm from an NDJSON file of the
 * same keys — each grouped per node on a cluster (one pipeline per node, never one spanning them).
 */
async function writeBack(ctx, target, url, name, ndjson) {
  const backup = path.join(ctx.tmp, `${name}-backup-${Date.now()}.ndjson`);
  const inv = await cli(ctx, ['invalidate', '--url', url, '--pattern', ctx.pattern, '--yes', '--backup', backup, '--json']);
  const restore = await cli(ctx, ['restore', '--url', url, '--backup', backup, '--json']);
  const restored = await target.dbsize();
  await target.flush();
  const warm = await cli(ctx, ['warm', '--url', url, '--file', ndjson, '--json']);
  const warmed = await target.dbsize();
  await rm(backup, { force: true });
  await rm(`${backup}.meta.json`, { force: true });
  const perSec = (n, ms) => Math.round(n / (ms / 1000));
  return {
    backupDeleted: inv.report.deleted,
    backupKeysPerSec: perSec(inv.report.deleted, inv.report.durationMs),
    restored: restore.report.restored,
    restoredOnServer: restored,
    restoreKeysPerSec: perSec(restore.report.restored, restore.report.durationMs),
    warmWritten: warm.report.written,
    warmedOnServer: warmed,
    warmKeysPerSec: perSec(warm.report.written, warm.report.durationMs),
  };
}

/** A standalone node with the same interface the cluster has for this suite. */
function standalone(redis) {
  return {
    url: redis.url,
    dbsize: () => redis.dbsize(),
    resetWatch: () => redis.resetWatch(),
    cpu: () => redis.cpu(),
    slowest: () => redis.slowest(),
    restart: () => redis.restart(),
    snapshot: () => redis.snapshot(),
    flush: () => redis.flushall(),
    async seed(count) {
      for (let i = 0; i < count; i += 1000) {
        const pipe = redis.client.pipeline();
        for (let j = i; j < Math.min(count, i + 1000); j++) {
          if (ttlOf(j) > 0) pipe.set(keyOf(j), VALUE, 'EX', ttlOf(j));
          else pipe.set(keyOf(j), VALUE);
        }
        await pipe.exec();
      }
    },
  };
}

export async function clusterActionsSuite(ctx) {
  const cluster = new ActionsCluster(path.join(ctx.tmp, 'cluster-actions'), 3);
  const singleDir = path.join(ctx.tmp, 'cluster-actions-single');
  mkdirSync(singleDir, { recursive: true });
  const single = new BenchRedis(singleDir);
  try {
    let t0 = performance.now();
    await cluster.start();
    ctx.log(`cluster of 3 primaries up on ${cluster.nodes.map((n) => n.port).join(', ')} in ${round(performance.now() - t0, 0)} ms`);
    t0 = performance.now();
    await cluster.seed(ctx.keys, keyOf, VALUE, ttlOf);
    const seedMs = performance.now() - t0;
    const perNode = await cluster.perNodeKeys();
    await cluster.snapshot();
    ctx.log(`seeded ${ctx.keys} keys across the cluster in ${round(seedMs, 0)} ms (${perNode.join(' / ')} per primary)`);
    await single.start();
    const one = standalone(single);
    await one.seed(ctx.keys);
    await one.snapshot();

    // The servers' own CPU doing nothing (cron, active expiry), subtracted from each run's.
    const idle = { cluster: await idleCpuRate(cluster, 3000), standalone: await idleCpuRate(one, 3000) };
    const runs = { cluster: [], standalone: [] };
    for (let i = 0; i < ctx.runs; i++) {
      if (i > 0) await cluster.restart();
      const c = await cliInvalidate(ctx, cluster, cluster.url, idle.cluster);
      runs.cluster.push(c);
      ctx.log(`cluster invalidate run ${i + 1}: ${c.deleted} keys in ${c.durationMs} ms = ${c.keysPerSec} keys/s (wall ${c.wallMs} ms with preview); server CPU ${c.server.cpuS} s; slowest call ${c.server.slowestCallUs} µs (${c.server.slowestCommand})`);
      if (i > 0) await one.restart();
      const s = await cliInvalidate(ctx, one, one.url, idle.standalone);
      runs.standalone.push(s);
      ctx.log(`standalone invalidate run ${i + 1}: ${s.deleted} keys in ${s.durationMs} ms = ${s.keysPerSec} keys/s; server CPU ${s.server.cpuS} s; slowest call ${s.server.slowestCallUs} µs (${s.server.slowestCommand})`);
    }
    // Writes back: one run each (backup → restore → warm), from the snapshot.
    const ndjson = path.join(ctx.tmp, 'warm.ndjson');
    await writeFile(ndjson, Array.from({ length: ctx.keys }, (_, i) => JSON.stringify({ key: keyOf(i), type: 'string', value: VALUE, ...(ttlOf(i) ? { ttl: ttlOf(i) } : {}) })).join('\n') + '\n');
    await cluster.restart();
    const clusterWrites = await writeBack(ctx, cluster, cluster.url, 'cluster', ndjson);
    ctx.log(`cluster writes: invalidate --backup ${clusterWrites.backupKeysPerSec} keys/s, restore ${clusterWrites.restoreKeysPerSec} keys/s (${clusterWrites.restoredOnServer} keys back), warm --file ${clusterWrites.warmKeysPerSec} keys/s`);
    await one.restart();
    const standaloneWrites = await writeBack(ctx, one, one.url, 'standalone', ndjson);
    ctx.log(`standalone writes: invalidate --backup ${standaloneWrites.backupKeysPerSec} keys/s, restore ${standaloneWrites.restoreKeysPerSec} keys/s, warm --file ${standaloneWrites.warmKeysPerSec} keys/s`);
    await rm(ndjson, { force: true });
    return {
      pattern: ctx.pattern,
      keys: ctx.keys,
      primaries: 3,
      perNode,
      seedMs: round(seedMs, 0),
      idleCpuPerSec: { cluster: round(idle.cluster, 5), standalone: round(idle.standalone, 5) },
      runs,
      writes: { cluster: clusterWrites, standalone: standaloneWrites },
    };
  } finally {
    await cluster.stop().catch(() => undefined);
    await single.stop().catch(() => undefined);
  }
}
