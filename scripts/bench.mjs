#!/usr/bin/env node
/**
 * `npm run bench` — every benchmark of Cachescope in one run, on one dataset (issue 6; the
 * targets of issues 3, 4 and 5). Never part of `npm test`.
 *
 *   npm run bench                 1M keys, 3 runs per figure, 10 min renderer soak (~20 min)
 *   npm run bench -- --quick      100k keys, 1 run each, 1 min renderer soak
 *
 * e2e: `cachescope analyze --json` end to end (process start to exit) beside redis-cli --memkeys
 * and --bigkeys and the core in a running process, alternating, with the CLI's phase breakdown.
 * cluster: analysis over a private 3-primary cluster vs the same keys on one standalone node vs
 * redis-cli --memkeys on each primary in turn. cluster-actions: invalidate (and backup, restore,
 * warm) across a private 3-primary cluster beside the same keys on one node. scale: 100k → 1M → 10M keys of small values on one
 * node (--scale-keys): analysis keys/s, index memory, first rows and scrolling in Chromium.
 * keyscroll: Chromium scrolling the key list of N keys for ~30 s (long tasks, heap).
 * ssh: poll latency and analysis keys/s direct vs through an SSH tunnel to a private sshd on
 * loopback, and the tunnel's CPU per 1M keys analysed (bench/suites/ssh.mjs).
 * ssh-cluster: analysis of a 3-primary cluster through a private sshd vs direct (the CLI's
 * analyze), and the tunnel's CPU per 1M keys (bench/suites/ssh-cluster.mjs).
 *
 * Options: --keys N, --runs N, --slow-runs N (runs of the slowest figure: the core's pipeline path),
 * --renderer-minutes N, --skip-renderer, --only analysis,e2e,throttle,poller,poll-cost,ssh,impact,invalidate,cluster,cluster-actions,ssh-cluster,scale,instructions,keyscroll,renderer,
 * --profile NAME (seed profile, default all), --no-pin (see below).
 *
 * Pinning: for the sections on its own server (analysis … invalidate), redis-server runs on the
 * last CPU and the benchmark with every client it starts on the others (bench/lib/pin.mjs);
 * the Chromium sections run unpinned. The analysis adds one unpinned run for comparison.
 *
 * It starts its own redis-server on a free loopback port (--save '' --appendonly no), seeds it
 * with `cachescope seed`, snapshots it (to reload before each destructive run), and stops it at
 * the end, on error and on Ctrl-C. Writes bench/results/<date>[-quick].json (raw runs, medians,
 * spread, environment) and .md (the table), and prints the table. A partial run (--only …) replaces
 * just those sections in today's files and records which run measured what. Needs a build.
 * See bench/README.md for what each figure means.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { idleCpuRate, idleLatency } from '../bench/lib/measure.mjs';
import { cpuPlan, pin } from '../bench/lib/pin.mjs';
import { killAllSync } from '../bench/lib/proc.mjs';
import { seedDataset } from '../bench/lib/seed.mjs';
import { BenchRedis } from '../bench/lib/redis.mjs';
import { buildRows, markdown, summarizeAnalysis } from '../bench/lib/report.mjs';
import { median, round } from '../bench/lib/stats.mjs';
import { analysisSuite, throttleSweep } from '../bench/suites/analysis.mjs';
import { clusterSuite } from '../bench/suites/cluster.mjs';
import { clusterActionsSuite } from '../bench/suites/cluster-actions.mjs';
import { e2eSuite } from '../bench/suites/e2e.mjs';
import { impactSuite } from '../bench/suites/impact.mjs';
import { instructionsSuite } from '../bench/suites/instructions.mjs';
import { invalidateSuite } from '../bench/suites/invalidate.mjs';
import { keyListScrollSuite } from '../bench/suites/key-list-scroll.mjs';
import { pollerSuite } from '../bench/suites/poller.mjs';
import { pollCostSuite } from '../bench/suites/poll-cost.mjs';
import { rendererSuite } from '../bench/suites/renderer.mjs';
import { scaleSuite } from '../bench/suites/scale.mjs';
import { sshSuite } from '../bench/suites/ssh.mjs';
import { sshClusterSuite } from '../bench/suites/ssh-cluster.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECTIONS = ['analysis', 'e2e', 'throttle', 'poller', 'poll-cost', 'ssh', 'impact', 'invalidate', 'cluster', 'cluster-actions', 'ssh-cluster', 'scale', 'instructions', 'keyscroll', 'renderer'];

function parseArgs(argv) {
  const flags = { quick: false, skipRenderer: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const int = (min) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min) usage(`${a} expects an integer ≥ ${min}`);
      return n;
    };
    if (a === '--quick') flags.quick = true;
    else if (a === '--keys') flags.keys = int(1000);
    else if (a === '--runs') flags.runs = int(1);
    else if (a === '--slow-runs') flags.slowRuns = int(0);
    else if (a === '--renderer-minutes') flags.rendererMinutes = int(1);
    else if (a === '--skip-renderer') flags.skipRenderer = true;
    else if (a === '--no-pin') flags.noPin = true;
    else if (a === '--profile') flags.profile = value();
    else if (a === '--scale-keys') {
      flags.scaleKeys = value().split(',').map((x) => Number(x.trim()));
      if (flags.scaleKeys.some((n) => !Number.isInteger(n) || n < 1000)) usage('--scale-keys expects integers ≥ 1000, comma-separated');
    } else if (a === '--no-scale-ui') flags.noScaleUi = true;
    else if (a === '--only') {
      flags.only = value().split(',').map((s) => s.trim());
      for (const s of flags.only) if (!SECTIONS.includes(s)) usage(`--only takes ${SECTIONS.join(',')}`);
    } else if (a === '--help' || a === '-h') usage();
    else usage(`unknown option ${a}`);
  }
  return flags;
}

function usage(error) {
  const text = `Usage: npm run bench [-- --quick] [--keys N] [--runs N] [--slow-runs N] [--renderer-minutes N] [--skip-renderer] [--no-pin] [--only ${SECTIONS.join(',')}] [--profile NAME] [--scale-keys N,N,N] [--no-scale-ui]`;
  if (error) {
    console.error(`${error}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

const flags = parseArgs(process.argv.slice(2));
const quick = flags.quick;
const only = new Set(flags.only ?? SECTIONS);
if (flags.skipRenderer) only.delete('renderer');

for (const built of ['out/electron/core/analysis/run-analysis.js', 'out/electron/cli/main.js']) {
  if (!existsSync(path.join(root, built))) {
    console.error(`${built} is missing: run \`npm run build\` (or build:node) first.`);
    process.exit(1);
  }
}

const log = (msg) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const loadavg = () => os.loadavg().map((x) => round(x, 2));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cachescope-bench-'));
const dataDir = path.join(tmp, 'data');
mkdirSync(dataDir);
const redis = new BenchRedis(tmp);

let cleaned = false;
function cleanupSync() {
  if (cleaned) return;
  cleaned = true;
  killAllSync();
  rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanupSync);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    log(`${sig}: stopping the benchmark's processes and removing ${tmp}`);
    cleanupSync();
    process.exit(130);
  });
}

const ctx = {
  root,
  tmp,
  dataDir,
  redis,
  quick,
  log,
  keys: flags.keys ?? (quick ? 100_000 : 1_000_000),
  runs: flags.runs ?? (quick ? 1 : 3),
  slowRuns: flags.slowRuns ?? 1,
  profile: flags.profile ?? 'all',
  // Matches every key of the layouts (each has a ':'), i.e. the whole dataset but a few singletons.
  pattern: '*:*',
  windowMs: quick ? 3000 : 6000,
  sliceMs: quick ? 250 : 500,
  throttles: quick ? [20_000, 100_000] : [5_000, 20_000, 50_000, 100_000],
  impactAnalysisThrottle: 20_000,
  impactInvalidateThrottle: 10_000,
  backupRun: true,
  backupWindowMs: quick ? 3000 : 8000,
  rendererMinutes: flags.rendererMinutes ?? (quick ? 1 : 10),
  /** The scale curve's sizes (small values), and whether each size also runs the Keys view in Chromium. */
  scaleKeys: flags.scaleKeys ?? (quick ? [10_000, 100_000] : [100_000, 1_000_000, 10_000_000]),
  scaleUi: !flags.noScaleUi,
  idle: { cpuPerSec: 0, latencyMaxMs: null },
  /** Set when the server-side sections run pinned (see --no-pin); `unpinned(fn)` runs fn without. */
  pinning: null,
  unpinned: (fn) => fn(),
};
ctx.slowRuns = Math.min(ctx.slowRuns, ctx.runs);

function version(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', cwd: root }).trim();
  } catch {
    return null;
  }
}

const startedAt = new Date();
const date = startedAt.toISOString().slice(0, 10);
const cpus = os.cpus();
const newestOut = statSync(path.join(root, 'out/electron/core/analysis/run-analysis.js')).mtime;
const R = {
  date,
  mode: quick ? 'quick' : 'full',
  startedAt: startedAt.toISOString(),
  environment: {
    node: process.version,
    redis: /v=(\S+)/.exec(version('redis-server', ['--version']) ?? '')?.[1] ?? null,
    redisBenchmark: version('redis-benchmark', ['--version']),
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    totalMemGB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadavg: { start: loadavg(), end: null, sections: {} },
    git: { commit: version('git', ['rev-parse', '--short', 'HEAD']), uncommittedFiles: (version('git', ['status', '--porcelain']) ?? '').split('\n').filter(Boolean).length },
    build: { coreBuiltAt: newestOut.toISOString() },
    shared: 'The machine is shared with other engineers; see loadavg per section.',
  },
  config: {
    keys: ctx.keys,
    runs: ctx.runs,
    slowRuns: ctx.slowRuns,
    profile: ctx.profile,
    pattern: ctx.pattern,
    windowMs: ctx.windowMs,
    throttles: ctx.throttles,
    impactAnalysisThrottle: ctx.impactAnalysisThrottle,
    impactInvalidateThrottle: ctx.impactInvalidateThrottle,
    backupWindowMs: ctx.backupWindowMs,
    rendererMinutes: ctx.rendererMinutes,
    scaleKeys: ctx.scaleKeys,
    sections: [...only],
  },
  errors: [],
  notes: [],
};

async function section(name, fn) {
  if (!only.has(name)) return undefined;
  const t0 = performance.now();
  const before = loadavg();
  log(`— ${name} (load ${before.join(' ')})`);
  try {
    return await fn();
  } catch (e) {
    log(`${name} failed: ${e instanceof Error ? e.stack : e}`);
    R.errors.push({ section: name, error: e instanceof Error ? e.message : String(e) });
    return { error: e instanceof Error ? e.message : String(e) };
  } finally {
    R.environment.loadavg.sections[name] = { before, after: loadavg(), seconds: round((performance.now() - t0) / 1000, 1) };
  }
}

try {
  const needsRedis = ['analysis', 'e2e', 'throttle', 'poller', 'ssh', 'impact', 'invalidate'].some((s) => only.has(s));
  if (needsRedis) {
    await redis.start();
    log(`redis-server on 127.0.0.1:${redis.port}; seeding ${ctx.keys} keys (profile ${ctx.profile}) with cachescope seed`);
    const seeded = await seedDataset(ctx);
    const info = await redis.info('all');
    const snapshotMs = await redis.snapshot();
    R.dataset = {
      seededWith: `cachescope seed --profile ${ctx.profile} --keys ${ctx.keys}`,
      seed: seeded,
      dbsize: await redis.dbsize(),
      keyspace: info.db0,
      usedMemory: Number(info.used_memory),
      usedMemoryHuman: info.used_memory_human,
      snapshotMs: round(snapshotMs, 0),
    };
    log(`seeded ${seeded.keys} keys at ${seeded.keysPerSec} keys/s; ${info.used_memory_human} used; snapshot ${round(snapshotMs, 0)} ms`);

    const plan = flags.noPin ? null : cpuPlan();
    if (plan && redis.pinTo(plan.server) && pin(process.pid, plan.clients)) {
      ctx.pinning = plan;
      ctx.unpinned = async (fn) => {
        redis.pinTo(plan.all);
        pin(process.pid, plan.all);
        try {
          return await fn();
        } finally {
          redis.pinTo(plan.server);
          pin(process.pid, plan.clients);
        }
      };
      R.environment.pinning = { server: plan.server, clients: plan.clients };
      log(`pinned: redis-server on CPU ${plan.server}, clients on CPU ${plan.clients}`);
    } else {
      redis.pinTo(null);
      R.environment.pinning = null;
    }

    // Idle baselines: the server's own CPU (cron, active expiry) and --latency with nothing running.
    ctx.idle.cpuPerSec = await idleCpuRate(redis, 3000);
    const idleLat = [];
    for (let i = 0; i < Math.max(1, Math.min(3, ctx.runs)); i++) idleLat.push(await idleLatency(redis, ctx.windowMs / 2));
    ctx.idle.latencyMaxMs = median(idleLat.map((l) => l?.maxMs ?? null));
    R.idle = { cpuPerSec: round(ctx.idle.cpuPerSec, 5), latency: idleLat, latencyMaxMs: ctx.idle.latencyMaxMs };
    log(`idle: server CPU ${round(ctx.idle.cpuPerSec * 1000, 1)} ms/s, --latency max ${ctx.idle.latencyMaxMs} ms`);

    const analysis = await section('analysis', () => analysisSuite(ctx));
    if (analysis && !analysis.error) R.analysis = { runs: analysis, summary: summarizeAnalysis(analysis) };
    else if (analysis) R.analysis = analysis;
    // The CLI end to end beside memkeys: reloads the dataset (seed --force) before each round.
    R.e2e = await section('e2e', () => e2eSuite(ctx));
    R.throttle = await section('throttle', () => throttleSweep(ctx));
    R.poller = await section('poller', () => pollerSuite(ctx));
    // Before the destructive sections: it reads the whole dataset.
    R.ssh = await section('ssh', () => sshSuite(ctx));
    R.impact = await section('impact', () => impactSuite(ctx));
    R.invalidate = await section('invalidate', () => invalidateSuite(ctx));
    await redis.stop();
    if (ctx.pinning) pin(process.pid, ctx.pinning.all); // the Chromium sections use every core
  }
  // The poll's server cost with every section on (issue 18): its own small server.
  R.pollCost = await section('poll-cost', () => pollCostSuite(ctx));
  // A 3-primary cluster and a standalone node with the same data: their own servers.
  R.cluster = await section('cluster', () => clusterSuite(ctx));
  // Invalidate, backup, restore and warm across a 3-primary cluster beside one node: their own servers, unpinned.
  R.clusterActions = await section('cluster-actions', () => clusterActionsSuite(ctx));
  // Analysis of a 3-primary cluster through a private sshd vs direct: its own servers, unpinned.
  R.sshCluster = await section('ssh-cluster', () => sshClusterSuite(ctx));
  // 100k → 1M → 10M keys of small values on one node: its own server per size.
  R.scale = await section('scale', () => scaleSuite(ctx));
  // Server instructions per key under callgrind: its own server and a smaller dataset.
  R.instructions = await section('instructions', () => instructionsSuite(ctx));
  // Chromium scrolling the key list: its own server, seeded with the same dataset, alone.
  R.keyscroll = await section('keyscroll', () => keyListScrollSuite(ctx));
  // Last, alone on the machine's cores: the renderer soak brings its own server.
  R.renderer = await section('renderer', () => rendererSuite(ctx));
} catch (e) {
  log(`benchmark failed: ${e instanceof Error ? e.stack : e}`);
  R.errors.push({ section: 'setup', error: e instanceof Error ? e.message : String(e) });
  process.exitCode = 1;
} finally {
  await redis.stop().catch(() => undefined);
}

R.finishedAt = new Date().toISOString();
R.durationS = round((Date.now() - startedAt.getTime()) / 1000, 1);
R.environment.loadavg.end = loadavg();

const outDir = path.join(root, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
// A non-default size is a different record: it never overwrites (or merges into) the standard one.
const sizeSuffix = flags.keys !== undefined && flags.keys !== (quick ? 100_000 : 1_000_000) ? `-${flags.keys}keys` : '';
const base = path.join(outDir, `${date}${quick ? '-quick' : ''}${sizeSuffix}`);
// A partial run (--only, --skip-renderer) re-measures some sections of today's record: the other
// sections are kept from the file, and `history` says which run measured what, under what load.
const SECTION_KEYS = { analysis: 'analysis', e2e: 'e2e', throttle: 'throttle', poller: 'poller', 'poll-cost': 'pollCost', ssh: 'ssh', impact: 'impact', invalidate: 'invalidate', cluster: 'cluster', 'cluster-actions': 'clusterActions', 'ssh-cluster': 'sshCluster', scale: 'scale', instructions: 'instructions', keyscroll: 'keyscroll', renderer: 'renderer' };
const thisRun = { startedAt: R.startedAt, finishedAt: R.finishedAt, sections: [...only], loadavg: { start: R.environment.loadavg.start, end: R.environment.loadavg.end } };
R.history = [thisRun];
if (only.size < SECTIONS.length && existsSync(`${base}.json`)) {
  const prev = JSON.parse(readFileSync(`${base}.json`, 'utf8'));
  if (prev.config?.keys === R.config.keys && prev.mode === R.mode) {
    for (const [section, key] of Object.entries(SECTION_KEYS)) {
      if (only.has(section) || prev[key] === undefined) continue;
      R[key] = prev[key];
      if (prev.environment?.loadavg?.sections?.[section]) R.environment.loadavg.sections[section] = prev.environment.loadavg.sections[section];
    }
    R.idle ??= prev.idle;
    if (R.environment.pinning === undefined) R.environment.pinning = prev.environment?.pinning ?? null; // kept server-side sections
    if (R.dataset && prev.dataset && !only.has('analysis')) R.datasetOfAnalysis = prev.dataset;
    R.dataset ??= prev.dataset;
    R.errors = [...(prev.errors ?? []).filter((e) => !only.has(e.section)), ...R.errors];
    const prevHistory = prev.history ?? [{ startedAt: prev.startedAt, finishedAt: prev.finishedAt, sections: prev.config?.sections ?? SECTIONS, loadavg: { start: prev.environment?.loadavg?.start, end: prev.environment?.loadavg?.end } }];
    R.history = [...prevHistory.map((h) => ({ ...h, sections: h.sections.filter((sct) => !only.has(sct)) })).filter((h) => h.sections.length > 0), thisRun];
    R.config.sections = [...new Set(R.history.flatMap((h) => h.sections))];
    for (const h of R.history.slice(0, -1)) R.notes.push(`${h.sections.join(', ')}: measured in the run started ${h.startedAt} (load ${h.loadavg.start?.join(' / ')} → ${h.loadavg.end?.join(' / ')}).`);
    R.notes.push(`${thisRun.sections.join(', ')}: re-measured in the run started ${thisRun.startedAt} (load ${thisRun.loadavg.start.join(' / ')} → ${thisRun.loadavg.end.join(' / ')}).`);
  }
}
if (R.idle) R.notes.push(
  `Server CPU = Δ(used_cpu_sys + used_cpu_user) of the benchmark's redis-server minus its idle rate (${round((R.idle?.cpuPerSec ?? 0) * 1000, 1)} ms/s measured first).`,
  'Longest call = SLOWLOG (every call ≥ 1 ms is logged, with µs); "< 1 ms" = none was. redis-cli --latency has 1 ms resolution.',
  R.environment.pinning
    ? `Server-side sections pinned (server on CPU ${R.environment.pinning.server}, clients on CPU ${R.environment.pinning.clients}): throughput drops under concurrent work still include contention among the clients.`
    : 'Clients, probe and server share the cores: throughput drops under concurrent work include client-side CPU contention.',
);
if (R.config.slowRuns < R.config.runs) R.notes.push(`The core's pipeline path (the fallback when scripting is denied; no target) ran ${R.config.slowRuns} time(s) to keep the run short.`);
if (ctx.keys < 1_000_000) R.notes.push(`${ctx.keys.toLocaleString('en-US')} keys${quick ? ', one run each' : ''}: the targets are defined at 1M keys (indicative only).`);
R.notes.push('Not measured: Sentinel and TLS servers; a remote server over a real network (loopback only).');
if (R.clusterActions && !R.clusterActions.error) R.notes.push('Cluster actions: 3 primaries, no replicas, on the same 2 cores as the CLI (nothing pinned): the cores are the ceiling, not the cluster.');
if (R.analysis?.runs) R.analysis.summary = summarizeAnalysis(R.analysis.runs); // also for kept sections
R.table = buildRows(R);
const md = markdown(R, R.table);
writeFileSync(`${base}.json`, `${JSON.stringify(R, null, 2)}\n`);
writeFileSync(`${base}.md`, `${md}\n`);
console.log(md);
log(`written ${path.relative(root, base)}.json and .md in ${R.durationS} s${R.errors.length ? ` — ${R.errors.length} section(s) failed` : ''}`);
if (R.errors.length) process.exitCode = 1;
cleanupSync();
