/**
 * Invalidate by pattern, the way a user runs it: `cachescope invalidate --pattern P --yes --json`
 * (preview first, then SCAN MATCH + UNLINK in batches), on the full dataset — seeded afresh when
 * the suite starts, snapshotted, and reloaded from that snapshot before every run. The CLI's own durationMs covers the deletion; the wall time of the
 * process adds start-up and the preview. One more run writing an undo file (what --backup FILE
 * does: executeInvalidate with an UndoWriter) over a fixed window gives the undo file's cost per
 * key: its extra time per key against the runs without, and its bytes per key. (A window, not
 * 1M keys: the file would be ~2 GB and take minutes to write on a shared disk.)
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { observe } from '../lib/measure.mjs';
import { run, worker } from '../lib/proc.mjs';
import { seedDataset } from '../lib/seed.mjs';
import { round } from '../lib/stats.mjs';

async function cliInvalidate(ctx, extra = []) {
  const args = [path.join(ctx.root, 'bin', 'cachescope.js'), 'invalidate', '--url', ctx.redis.url, '--pattern', ctx.pattern, '--yes', '--json', ...extra];
  const keysBefore = await ctx.redis.dbsize();
  const { value, server } = await observe(ctx.redis, ctx.idle.cpuPerSec, () => run(process.execPath, args, { cwd: ctx.root, env: { ...process.env, CACHESCOPE_DATA_DIR: ctx.dataDir } }));
  if (value.code !== 0) throw new Error(`cachescope invalidate failed (${value.code}): ${value.stderr || value.stdout}`);
  const report = JSON.parse(value.stdout.trim().split('\n').pop());
  const keysAfter = await ctx.redis.dbsize();
  return {
    keysBefore,
    keysAfter,
    matched: report.preview.matched,
    deleted: report.deleted,
    state: report.state,
    durationMs: report.durationMs,
    keysPerSec: Math.round(report.deleted / (report.durationMs / 1000)),
    wallMs: round(value.ms, 1),
    endToEndKeysPerSec: Math.round(report.deleted / (value.ms / 1000)),
    backup: report.backup ?? null,
    server,
  };
}

export async function invalidateSuite(ctx) {
  // The keyspace has been deleted by the impact runs and its 5-minute TTLs have run out since the
  // first snapshot: seed again (fresh TTLs) and snapshot, so every run starts from N keys.
  const t0 = performance.now();
  const seeded = await seedDataset(ctx, { force: true });
  const snapshotMs = await ctx.redis.snapshot();
  ctx.log(`re-seeded ${seeded.keys} keys in ${round(performance.now() - t0 - snapshotMs, 0)} ms; snapshot ${round(snapshotMs, 0)} ms`);
  const runs = [];
  for (let i = 0; i < ctx.runs; i++) {
    const reloadMs = await ctx.redis.restart();
    const r = await cliInvalidate(ctx);
    r.reloadMs = round(reloadMs, 0);
    ctx.log(`invalidate run ${i + 1}: ${r.deleted} keys in ${r.durationMs} ms = ${r.keysPerSec} keys/s (wall ${r.wallMs} ms with preview); latency max ${r.server.latency?.maxMs} ms`);
    runs.push(r);
  }
  let backup = null;
  if (ctx.backupRun) {
    await ctx.redis.restart();
    const file = path.join(ctx.tmp, 'undo-bench.ndjson');
    const w = worker(process.execPath, [path.join(ctx.root, 'bench', 'workers', 'invalidate.mjs'), JSON.stringify({ port: ctx.redis.port, pattern: ctx.pattern, undo: file, maxMs: ctx.backupWindowMs })], { cwd: ctx.root });
    await w.next('ready');
    const { value: r, server } = await observe(ctx.redis, ctx.idle.cpuPerSec, async () => {
      w.send({ cmd: 'go' });
      return w.next('result');
    });
    await w.done();
    const stat = await fs.stat(file).catch(() => null);
    backup = {
      windowMs: ctx.backupWindowMs,
      deleted: r.deleted,
      state: r.state,
      durationMs: round(r.ms, 1),
      keysPerSec: Math.round(r.deleted / (r.ms / 1000)),
      entries: r.undo?.entries ?? null,
      fileBytes: stat?.size ?? null,
      clientCpuMs: round(r.clientCpuMs, 1),
      server,
    };
    await fs.rm(file, { force: true });
    await fs.rm(`${file}.meta.json`, { force: true });
    ctx.log(`invalidate with an undo file: ${backup.deleted} keys in ${backup.durationMs} ms = ${backup.keysPerSec} keys/s; undo file ${backup.fileBytes} bytes`);
  }
  return { pattern: ctx.pattern, reseed: { ...seeded, snapshotMs: round(snapshotMs, 0) }, runs, backup };
}
