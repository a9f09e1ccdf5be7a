/**
 * The figure users see (issue 16): `cachescope analyze --json`, end to end — from spawning the
 * process to its JSON written and the process gone — beside `redis-cli --memkeys` and
 * `--bigkeys` on the same data, and beside the core's own analysis in a process that is already
 * running (the analysis section's figure), so the two figures can be told apart.
 *
 * Each round reloads the dataset (`cachescope seed --force`: the same N keys, fresh TTLs — the
 * layouts' 5-minute TTLs thin it otherwise), then runs every tool once, in a rotating order so no
 * tool always runs first after the reload. Client CPU: user + sys of the process (GNU time).
 * Server CPU: Δ used_cpu_* minus the idle rate. The CLI runs with CACHESCOPE_TRACE=1: it prints
 * when each phase ended (ms since its start) on stderr, which gives the breakdown — process start,
 * module load, connect, scan, report, output, exit.
 *
 * Not pinned (both tools share the 2 cores with the server, as in the issue's measurement), and
 * once more pinned (server on its own core, as with a server on another machine) for the CLI and
 * memkeys: a strictly request-reply client like memkeys is slower across cores.
 */
import path from 'node:path';
import { observe } from '../lib/measure.mjs';
import { seedDataset } from '../lib/seed.mjs';
import { median, round, summarize } from '../lib/stats.mjs';
import { runTimed } from '../lib/timed.mjs';
import { analysisWorker } from './analysis.mjs';

/** `cachescope-trace <phase> <ms>` lines → { phase: ms }. */
export function parseTrace(stderr) {
  const out = {};
  for (const line of stderr.split('\n')) {
    const m = /^cachescope-trace (.+) (\d+(?:\.\d+)?)$/.exec(line.trim());
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

/** The trace as durations (ms) of the run's phases; `wallMs` closes the last one (exit). */
export function phases(t, wallMs) {
  const d = (a, b) => (t[a] !== undefined && t[b] !== undefined ? round(t[b] - t[a], 1) : null);
  return {
    nodeStart: t['node bootstrapped'] ?? null,
    cliLoad: t['node bootstrapped'] !== undefined ? d('node bootstrapped', 'cli loaded') : null,
    commandLoad: d('cli loaded', 'command loaded'),
    connect: d('command loaded', 'connected'),
    setup: d('connected', 'scan started'),
    scan: d('scan started', 'scan finished'),
    report: d('scan finished', 'report received'),
    output: d('report received', 'output formatted'),
    close: d('output formatted', 'closed'),
    flush: d('closed', 'exit'),
    exit: t.exit !== undefined ? round(wallMs - t.exit, 1) : null,
  };
}

async function cliAnalyze(ctx) {
  const args = [path.join(ctx.root, 'bin', 'cachescope.js'), 'analyze', '--url', ctx.redis.url, '--json'];
  const env = { ...process.env, CACHESCOPE_DATA_DIR: ctx.dataDir, CACHESCOPE_TRACE: '1' };
  const { value: r, server } = await observe(ctx.redis, ctx.idle.cpuPerSec, () => runTimed(process.execPath, args, { cwd: ctx.root, env }), { latency: false });
  if (r.code !== 0) throw new Error(`cachescope analyze failed (${r.code}): ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(r.stdout);
  const trace = parseTrace(r.stderr);
  return {
    keys: report.totals.keys,
    ms: round(r.ms, 1),
    keysPerSec: Math.round(report.totals.keys / (r.ms / 1000)),
    scanKeysPerSec: Math.round(report.totals.keys / (report.durationMs / 1000)),
    clientCpuS: r.cpuS,
    clientUserS: r.userS,
    clientSysS: r.sysS,
    clientMaxRssKB: r.maxRssKB,
    jsonBytes: Buffer.byteLength(r.stdout),
    path: report.path,
    trace,
    phases: phases(trace, r.ms),
    server: slim(server),
  };
}

async function redisCli(ctx, flag) {
  const { value: r, server } = await observe(ctx.redis, ctx.idle.cpuPerSec, () => runTimed('redis-cli', ['-p', String(ctx.redis.port), flag]), { latency: false });
  if (r.code !== 0) throw new Error(`redis-cli ${flag} failed: ${r.stderr}`);
  const m = /Sampled (\d+) keys/.exec(r.stdout);
  const keys = m ? Number(m[1]) : null;
  return { keys, ms: round(r.ms, 1), keysPerSec: keys ? Math.round(keys / (r.ms / 1000)) : null, clientCpuS: r.cpuS, clientUserS: r.userS, clientSysS: r.sysS, server: slim(server) };
}

/** The core in a running process (the analysis section's figure), timed from "go" to its result. */
async function inProcess(ctx) {
  const { w } = await analysisWorker(ctx, { tool: 'cachescope', path: 'script' });
  const { value: r, server } = await observe(
    ctx.redis,
    ctx.idle.cpuPerSec,
    async () => {
      w.send({ cmd: 'go' });
      return w.next('result');
    },
    { latency: false },
  );
  await w.done();
  // The worker's `reportMs` is the report's durationMs: the scan; the rest of `ms` is building the report.
  return { keys: r.keys, ms: round(r.ms, 1), keysPerSec: Math.round(r.keys / (r.ms / 1000)), scanMs: r.reportMs ?? null, clientCpuS: round(r.clientCpuMs / 1000, 2), server: slim(server) };
}

function slim(server) {
  return { cpuS: server.cpuS, cpuNetS: server.cpuNetS, slowestCallUs: server.slowestCallUs, load1: server.load1, stealPct: server.stealPct, commands: server.commands };
}

const TOOLS = [
  { id: 'cli', label: '`cachescope analyze --json` (end to end)', run: cliAnalyze },
  { id: 'memkeys', label: '`redis-cli --memkeys`', run: (ctx) => redisCli(ctx, '--memkeys') },
  { id: 'bigkeys', label: '`redis-cli --bigkeys`', run: (ctx) => redisCli(ctx, '--bigkeys'), unpinnedOnly: true },
  { id: 'core', label: 'the core in a running process (analysis section)', run: inProcess, unpinnedOnly: true },
];

export async function e2eSuite(ctx) {
  const modes = ctx.pinning ? ['unpinned', 'pinned'] : ['unpinned'];
  const runs = Object.fromEntries(modes.flatMap((m) => TOOLS.filter((t) => m === 'unpinned' || !t.unpinnedOnly).map((t) => [`${t.id}${m === 'pinned' ? 'Pinned' : ''}`, []])));
  const rounds = Math.max(3, ctx.runs);
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    await seedDataset(ctx, { force: true });
    ctx.log(`e2e round ${i + 1}: dataset reloaded in ${round((performance.now() - t0) / 1000, 1)} s (${await ctx.redis.dbsize()} keys)`);
    for (const mode of modes) {
      const tools = TOOLS.filter((t) => mode === 'unpinned' || !t.unpinnedOnly);
      // Rotate the order each round: the first tool after the reload meets a colder server.
      const order = tools.map((_, k) => tools[(k + i) % tools.length]);
      for (const tool of order) {
        const r = mode === 'pinned' ? await tool.run(ctx) : await ctx.unpinned(() => tool.run(ctx));
        r.round = i + 1;
        r.load1 = r.server.load1;
        runs[`${tool.id}${mode === 'pinned' ? 'Pinned' : ''}`].push(r);
        ctx.log(`e2e ${mode} ${tool.id} round ${i + 1}: ${r.keys} keys in ${r.ms} ms = ${r.keysPerSec} keys/s; client CPU ${r.clientCpuS} s, server CPU ${r.server.cpuNetS} s; load ${r.load1}${r.phases ? `; phases ${JSON.stringify(r.phases)}` : ''}`);
      }
    }
  }
  return { rounds, modes, runs, summary: summarizeE2e(runs) };
}

/** Medians and ranges per tool; speed-ups as the ratio of medians and per round. */
export function summarizeE2e(runs) {
  const out = {};
  for (const [id, list] of Object.entries(runs)) {
    if (!list.length) continue;
    const phaseNames = list[0].phases ? Object.keys(list[0].phases) : [];
    out[id] = {
      keys: median(list.map((r) => r.keys)),
      ms: summarize(list.map((r) => r.ms)),
      keysPerSec: summarize(list.map((r) => r.keysPerSec)),
      clientCpuSPerMKeys: summarize(list.map((r) => (r.clientCpuS === null ? null : r.clientCpuS / (r.keys / 1e6)))),
      serverCpuSPerMKeys: summarize(list.map((r) => r.server.cpuNetS / (r.keys / 1e6))),
      load1: summarize(list.map((r) => r.load1)),
      ...(phaseNames.length ? { phases: Object.fromEntries(phaseNames.map((p) => [p, summarize(list.map((r) => r.phases[p]))])) } : {}),
    };
  }
  const ratio = (a, b) => {
    if (!runs[a]?.length || !runs[b]?.length) return null;
    // Per round: the same dataset reload, run back to back.
    const perRound = runs[a].map((r) => {
      const other = runs[b].find((x) => x.round === r.round);
      return other ? r.keysPerSec / other.keysPerSec : null;
    });
    const s = summarize(perRound);
    return { ...s, median: out[a].keysPerSec.median / out[b].keysPerSec.median };
  };
  out.speedup = {
    cliVsMemkeys: ratio('cli', 'memkeys'),
    cliVsBigkeys: ratio('cli', 'bigkeys'),
    coreVsMemkeys: ratio('core', 'memkeys'),
    cliVsMemkeysPinned: ratio('cliPinned', 'memkeysPinned'),
  };
  return out;
}
