/**
 * From the raw results to the figures: per-figure median, spread and pass/miss against the
 * targets of issues 3–6, and the markdown table (bench/results/<date>.md and the README).
 */
import { median, round, summarize } from './stats.mjs';

const int = (x) => (x === null || x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
const num = (x, d = 1) => (x === null || x === undefined ? '—' : round(x, d).toLocaleString('en-US', { maximumFractionDigits: d }));
const mb = (bytes) => (bytes === null || bytes === undefined ? '—' : `${num(bytes / 1024 / 1024, 1)} MB`);

function spreadText(s, fmt) {
  if (!s || s.n === 0) return '—';
  if (s.n === 1) return 'n=1';
  return `${fmt(s.min)} – ${fmt(s.max)} (n=${s.n}${s.spreadPct === null || s.spreadPct === undefined ? '' : `, ${num(s.spreadPct, 1)} %`})`;
}

const verdict = (ok) => (ok === null || ok === undefined ? '' : ok ? 'pass' : 'miss');

/** Per-tool summaries of the analysis runs. */
export function summarizeAnalysis(runs) {
  const out = {};
  for (const [tool, list] of Object.entries(runs)) {
    if (list.length === 0) continue;
    out[tool] = {
      keys: median(list.map((r) => r.keys)),
      keysPerSec: summarize(list.map((r) => r.keysPerSec)),
      cpuSPerMKeys: summarize(list.map((r) => (r.keys ? r.server.cpuNetS / (r.keys / 1e6) : null))),
      slowestCallUs: summarize(list.map((r) => r.server.slowestCallUs)),
      latencyMaxMs: summarize(list.map((r) => r.server.latency?.maxMs ?? null)),
      latencyAvgMs: summarize(list.map((r) => r.server.latency?.avgMs ?? null)),
      firstMs: summarize(list.map((r) => r.firstMs ?? null)),
      rssDelta: summarize(list.map((r) => r.memory?.rssDelta ?? null)),
      heldDelta: summarize(list.map((r) => r.memory?.heldDelta ?? null)),
      rssAfter: summarize(list.map((r) => r.memory?.rssAfter ?? null)),
      rssPeak: summarize(list.map((r) => r.memory?.rssPeak ?? null)),
      footprint: summarize(list.map((r) => r.memory?.footprint ?? null)),
      clientCpuMs: summarize(list.map((r) => r.clientCpuMs ?? null)),
    };
  }
  return out;
}

const callMs = (x) => (x === 0 ? '< 1 ms' : `${num(x / 1000, 2)} ms`);

/** What 99 % of each run's calls (of `command`, or all) stayed within (bench/lib/measure.mjs). */
function p99Note(runs, command) {
  const us = (runs ?? []).map((r) => r.server?.p99CallUs?.[command ?? 'all']).filter((x) => typeof x === 'number');
  return us.length ? `99 % of ${command ? `${command.toUpperCase()} calls` : 'calls'} within: ${us.map(callMs).join(', ')}` : '';
}

/** Hypervisor steal during each run (bench/lib/measure.mjs), when it was measured. */
function stealNote(runs) {
  const pcts = (runs ?? []).map((r) => r.server?.stealPct).filter((x) => typeof x === 'number');
  return pcts.length ? `CPU steal during each run: ${pcts.map((x) => `${num(x, 1)} %`).join(', ')}` : '';
}

export function buildRows(R) {
  const rows = [];
  const add = (group, figure, target, s, fmt, ok = null, note = '') =>
    rows.push({ group, figure, target, median: s?.median ?? null, text: s?.median === null || s?.median === undefined ? '—' : fmt(s.median), spread: spreadText(s, fmt), result: verdict(ok), note });
  const keys = int(R.config.keys);
  const A = R.analysis?.summary;
  const idleMax = R.idle?.latencyMaxMs ?? null;

  if (A) {
    const core = A.cachescope;
    const mem = A.memkeys;
    const labels = { cachescope: 'Cachescope core (page script)', cachescopePipeline: 'Cachescope core (pipeline path)', bare: 'bare ioredis SCAN + pipeline loop', memkeys: 'redis-cli --memkeys', bigkeys: 'redis-cli --bigkeys' };
    for (const [tool, label] of Object.entries(labels)) {
      const s = A[tool];
      if (!s) continue;
      const isCore = tool === 'cachescope';
      const floor = mem?.keysPerSec.median ? 3 * mem.keysPerSec.median : null;
      const loads = R.analysis.runs[tool].map((r) => r.server.load1).filter((x) => typeof x === 'number');
      const loadNote = loads.length ? `1-min load after each run: ${loads.map((x) => num(x, 1)).join(', ')}` : '';
      add('Analysis', `Scan analysis keys/s — ${label}`, isCore && floor ? `≥ 3× memkeys (≥ ${int(floor)})` : '', s.keysPerSec, int, isCore && floor ? s.keysPerSec.median >= floor : null, loadNote);
    }
    if (core && mem) {
      const n = Math.min(R.analysis.runs.cachescope.length, R.analysis.runs.memkeys.length);
      const ratios = Array.from({ length: n }, (_, i) => R.analysis.runs.cachescope[i].keysPerSec / R.analysis.runs.memkeys[i].keysPerSec);
      const s = summarize(ratios);
      s.median = core.keysPerSec.median / mem.keysPerSec.median;
      add('Analysis', 'Speed-up of the core over redis-cli --memkeys (ratio of medians; spread: per run pair)', '≥ 3×', s, (x) => `${num(x, 2)}×`, s.median >= 3);
    }
    for (const [tool, label] of Object.entries(labels)) {
      const s = A[tool];
      if (!s) continue;
      const isCore = tool === 'cachescope';
      const bare = A.bare?.cpuSPerMKeys.median;
      add('Analysis', `Server CPU s per million keys analysed — ${label}`, isCore && bare !== undefined ? `≤ bare loop (${num(bare, 2)} s)` : '', s.cpuSPerMKeys, (x) => `${num(x, 2)} s`, isCore && bare !== undefined ? s.cpuSPerMKeys.median <= bare : null);
    }
    const I = R.instructions?.tools;
    if (I) {
      const bare = I.bare?.perKey;
      for (const [tool, label] of Object.entries(labels)) {
        const t = I[tool];
        if (!t) continue;
        const vs = bare && tool !== 'bare' ? `${num((t.perKey / bare) * 100, 0)} % of the bare loop's; ` : '';
        add('Analysis', `Server instructions per key analysed (callgrind, user space, ${int(R.instructions.keys)} keys) — ${label}`, '', summarize([t.perKey]), int, null, `${vs}deterministic; the kernel's socket work is not counted`);
      }
    }
    for (const tool of ['cachescope', 'cachescopePipeline', 'bare']) {
      const s = A[tool];
      if (!s) continue;
      const worst = s.slowestCallUs.max;
      const isCore = tool !== 'bare';
      const worstNote = worst === 0 ? 'no call ≥ 1 ms was logged' : `worst of all runs ${num(worst / 1000, 2)} ms`;
      const note = [isCore ? worstNote : `for comparison (each of its calls reads one key, or is a SCAN of 1,000): ${worstNote}`, p99Note(R.analysis.runs[tool], tool === 'cachescope' ? 'evalsha' : null), stealNote(R.analysis.runs[tool])].filter(Boolean).join('; ');
      add('Analysis', `Longest single server call during analysis (SLOWLOG) — ${labels[tool]}`, isCore ? '≤ 10 ms' : '', s.slowestCallUs, callMs, isCore ? worst <= 10_000 : null, note);
    }
    if (A.cachescopeUnpinned) {
      add('Analysis', `Longest single server call — ${labels.cachescope}, not pinned (client, probe and server share the cores)`, '', A.cachescopeUnpinned.slowestCallUs, callMs, null, 'for comparison: SLOWLOG times by the wall clock, so a preempted server logs long calls (bench/lib/pin.mjs)');
    }
    add('Analysis', 'redis-cli --latency max, idle', '', summarize(R.idle?.latency?.map((l) => l?.maxMs ?? null) ?? []), (x) => `${int(x)} ms`, null, `avg ${num(median(R.idle?.latency?.map((l) => l?.avgMs ?? null) ?? []), 2)} ms`);
    for (const [tool, label] of Object.entries(labels)) if (A[tool]) add('Analysis', `redis-cli --latency max during analysis — ${label}`, '', A[tool].latencyMaxMs, (x) => `${int(x)} ms`, null, `avg ${num(A[tool].latencyAvgMs.median, 2)} ms`);
    const idleOf = (t) => t.idleBefore?.maxMs ?? idleMax;
    const throttlePass = (t) => (t.latency && idleOf(t) !== null ? t.latency.maxMs <= idleOf(t) + 2 : null);
    const throttles = Array.isArray(R.throttle) ? R.throttle : [];
    for (const t of throttles) {
      add('Analysis', `redis-cli --latency max, analysis throttled to ${int(t.throttle)} commands/s (${int(t.keysPerSec)} keys/s)`, `≤ idle + 2 ms (${idleOf(t) === null ? '—' : idleOf(t) + 2} ms)`, summarize([t.latency?.maxMs ?? null]), (x) => `${int(x)} ms`, throttlePass(t), [`avg ${num(t.latency?.avgMs, 2)} ms; idle window just before: max ${int(t.idleBefore?.maxMs)} ms, avg ${num(t.idleBefore?.avgMs, 2)} ms`, stealNote([{ server: t }])].filter(Boolean).join('; '));
    }
    const passing = throttles.filter((t) => throttlePass(t)).sort((a, b) => b.keysPerSec - a.keysPerSec)[0];
    if (throttles.length) rows.push({ group: 'Analysis', figure: 'Fastest tested throttle keeping --latency max within 2 ms of idle', target: 'one exists', text: passing ? `${int(passing.throttle)} cmd/s (${int(passing.keysPerSec)} keys/s)` : 'none of the tested', spread: '', result: verdict(Boolean(passing)), note: `tested: ${throttles.map((t) => int(t.throttle)).join(', ')} cmd/s` });
    if (core) {
      add('Analysis', `Index memory at ${keys} keys — RSS delta of the process holding the index`, '≤ 300 MB', core.rssDelta, mb, core.rssDelta.median <= 300 * 1024 * 1024);
      add('Analysis', `Index memory at ${keys} keys — heap + external delta (held after GC)`, '≤ 300 MB', core.heldDelta, mb, core.heldDelta.median <= 300 * 1024 * 1024);
      add('Analysis', `Index footprint() at ${keys} keys (typed arrays + arena)`, '', core.footprint, mb);
      add('Analysis', `Main-process RSS with ${keys} keys indexed (Node + ioredis + core, after GC)`, '', core.rssAfter, mb, null, `peak during the scan ${mb(core.rssPeak.median)}`);
      add('Analysis', 'First rows: time from starting a scan to the first page indexed', '≤ 500 ms', core.firstMs, (x) => `${num(x, 0)} ms`, core.firstMs.median <= 500);
    }
  }

  const E = R.e2e?.summary;
  if (E?.cli) {
    const sec = (x) => `${num(x / 1000, 2)} s`;
    const ks = (s) => (s ? `${int(s.keysPerSec.median)} keys/s` : '');
    const loads = (id) => R.e2e.runs[id].map((r) => num(r.load1, 1)).join(', ');
    const mem = E.memkeys;
    add('End to end', `\`cachescope analyze --json\`, ${int(E.cli.keys)} keys: process start to JSON written and exit`, mem ? `≤ ⅓ of memkeys (${sec(mem.ms.median / 3)})` : '', E.cli.ms, sec, mem ? E.cli.ms.median * 3 <= mem.ms.median : null, `${ks(E.cli)}; 1-min load at each run: ${loads('cli')}`);
    if (mem) add('End to end', '`redis-cli --memkeys`, same data, same rounds', '', mem.ms, sec, null, `${ks(mem)}; load ${loads('memkeys')}`);
    if (E.bigkeys) add('End to end', '`redis-cli --bigkeys`, same data, same rounds', '', E.bigkeys.ms, sec, null, `${ks(E.bigkeys)}; load ${loads('bigkeys')}`);
    if (E.core) add('End to end', 'The core in a running process (connected; scan + report), same rounds', '', E.core.ms, sec, null, `${ks(E.core)}: the analysis section's kind of figure`);
    const x = (v) => `${num(v, 2)}×`;
    const sp = E.speedup ?? {};
    if (sp.cliVsMemkeys) add('End to end', 'Speed-up of `cachescope analyze` over `redis-cli --memkeys`, end to end (ratio of medians; spread: per round)', '≥ 3×', sp.cliVsMemkeys, x, sp.cliVsMemkeys.median >= 3);
    if (sp.cliVsBigkeys) add('End to end', 'Speed-up over `redis-cli --bigkeys`, end to end', '', sp.cliVsBigkeys, x);
    if (sp.coreVsMemkeys) add('End to end', 'Speed-up of the core in a running process over memkeys, same rounds', '', sp.coreVsMemkeys, x);
    if (sp.cliVsMemkeysPinned) add('End to end', 'Speed-up over memkeys with the server on its own core (as on another machine)', '', sp.cliVsMemkeysPinned, x, null, `cachescope ${sec(E.cliPinned.ms.median)}, memkeys ${sec(E.memkeysPinned.ms.median)}`);
    for (const [id, label] of [['cli', '`cachescope analyze`'], ['memkeys', '`redis-cli --memkeys`'], ['bigkeys', '`redis-cli --bigkeys`'], ['core', 'the core in a running process']]) {
      if (!E[id]) continue;
      add('End to end', `Client CPU s per million keys (user + sys) — ${label}`, '', E[id].clientCpuSPerMKeys, (v) => `${num(v, 2)} s`);
    }
    for (const [id, label] of [['cli', '`cachescope analyze`'], ['memkeys', '`redis-cli --memkeys`'], ['bigkeys', '`redis-cli --bigkeys`']]) {
      if (!E[id]) continue;
      add('End to end', `Server CPU s per million keys — ${label}`, '', E[id].serverCpuSPerMKeys, (v) => `${num(v, 2)} s`);
    }
    const P = E.cli.phases;
    if (P) {
      const labels = { nodeStart: 'Node starts', cliLoad: 'the CLI entry loads', commandLoad: 'analyze and the core load', connect: 'connect (session core, connections.open)', setup: 'analysis set-up (INFO, before the scan)', scan: 'the scan (DBSIZE, SCRIPT LOAD, SCAN + page script)', report: 'the report (build, reply through the contract)', output: 'JSON serialised', close: 'JSON written, core closed', flush: 'stdout and stderr flushed', exit: 'process exit (after the last trace line)' };
      for (const [k, label] of Object.entries(labels)) if (P[k]) add('End to end', `Phase of \`cachescope analyze\`: ${label} (CACHESCOPE_TRACE)`, '', P[k], (v) => `${num(v, 0)} ms`);
    }
  }

  const C = R.cluster?.summary;
  if (C?.cliCluster) {
    const sec = (x) => `${num(x / 1000, 2)} s`;
    const ks = (x) => `${int(x)} keys/s`;
    const keysNote = `${int(C.cliCluster.keys)} keys on ${R.cluster.primaries} primaries (${R.cluster.dbsizes.map(int).join(' / ')}), no replicas`;
    add('Cluster', `Analysis keys/s, \`cachescope analyze\` end to end over the cluster (${keysNote})`, '', C.cliCluster.keysPerSec, ks, null, `${sec(C.cliCluster.ms.median)}; path ${R.cluster.runs.cliCluster[0]?.path}`);
    if (C.cliStandalone) add('Cluster', 'Same data on one standalone node, `cachescope analyze` end to end', '', C.cliStandalone.keysPerSec, ks, null, sec(C.cliStandalone.ms.median));
    if (C.coreCluster) add('Cluster', 'The core in a running process over the 3 primaries', '', C.coreCluster.keysPerSec, ks, null, `path ${R.cluster.runs.coreCluster[0]?.path}`);
    if (C.coreStandalone) add('Cluster', 'The core in a running process on the standalone node', '', C.coreStandalone.keysPerSec, ks);
    if (C.memkeysCluster) add('Cluster', '`redis-cli --memkeys` on each primary in turn (keys / summed time)', '', C.memkeysCluster.keysPerSec, ks, null, `summed ${sec(C.memkeysCluster.ms.median)}`);
    if (C.memkeysStandalone) add('Cluster', '`redis-cli --memkeys` on the standalone node', '', C.memkeysStandalone.keysPerSec, ks, null, sec(C.memkeysStandalone.ms.median));
    if (C.memkeysCluster) {
      const runs = R.cluster.runs;
      const perRound = runs.cliCluster.map((r) => r.keysPerSec / (runs.memkeysCluster.find((m) => m.round === r.round)?.keysPerSec ?? NaN));
      const s = summarize(perRound);
      s.median = C.cliCluster.keysPerSec.median / C.memkeysCluster.keysPerSec.median;
      add('Cluster', 'Speed-up of `cachescope analyze` (cluster) over memkeys on each primary in turn', '', s, (v) => `${num(v, 2)}×`);
    }
    const st = C.cliStandalone?.serverCpuSPerMKeys.median;
    add('Cluster', 'Server CPU s per million keys (summed over the primaries) — `cachescope analyze` on the cluster', st !== undefined ? `≤ standalone (${num(st, 2)} s)` : '', C.cliCluster.serverCpuSPerMKeys, (v) => `${num(v, 2)} s`, st !== undefined ? C.cliCluster.serverCpuSPerMKeys.median <= st : null, 'the same 2 cores run the three servers and the client');
    if (C.memkeysCluster) add('Cluster', 'Server CPU s per million keys — memkeys on each primary', '', C.memkeysCluster.serverCpuSPerMKeys, (v) => `${num(v, 2)} s`);
    const worst = Math.max(...R.cluster.runs.cliCluster.map((r) => r.slowestCallUs), ...(R.cluster.runs.coreCluster ?? []).map((r) => r.slowestCallUs));
    add('Cluster', 'Longest single server call during analysis on the cluster (SLOWLOG of every primary, calls ≥ 1 ms logged)', '≤ 10 ms', C.cliCluster.slowestCallUs, callMs, worst <= 10_000, worst === 0 ? 'no call ≥ 1 ms on any primary' : `worst of all CLI and core runs ${num(worst / 1000, 2)} ms`);
  }

  const SC = R.scale?.points;
  if (SC?.length) {
    const mbOf = (x) => (x === null || x === undefined ? '—' : `${num(x / 2 ** 20, 0)} MB`);
    for (const p of SC) {
      const a = p.analysis ?? [];
      const at = `${int(p.keys)} keys`;
      add('Scale', `Analysis keys/s at ${at} (small values, one node; ${mbOf(p.usedMemory)} in Redis)`, '', summarize(a.map((r) => r.keysPerSec)), int, null, `seeded in ${num(p.seed?.ms / 1000, 1)} s`);
      const rss = summarize(a.map((r) => r.memory.rssDelta));
      const limit = p.keys * 300; // 3 GB at 10M keys, scaled
      add('Scale', `Index memory at ${at}: RSS delta of the process holding it`, `≤ ${mbOf(limit)} (3 GB at 10M, linear)`, rss, mbOf, rss.median === null ? null : rss.median <= limit, `held (heap + external) ${mbOf(median(a.map((r) => r.memory.heldDelta)))}; footprint() ${mbOf(median(a.map((r) => r.memory.footprint)))}; peak RSS ${mbOf(median(a.map((r) => r.memory.rssPeak)))}`);
      add('Scale', `First page indexed after the scan starts at ${at} (core)`, '≤ 500 ms', summarize(a.map((r) => r.firstMs)), (v) => `${num(v, 0)} ms`, median(a.map((r) => r.firstMs)) <= 500);
      const ui = p.ui;
      if (ui && !ui.error) {
        add('Scale', `First row on screen after Scan at ${at} (Chromium, Keys view)`, '≤ 500 ms', summarize([ui.timeToFirstRowMs]), (v) => `${num(v, 0)} ms`, ui.timeToFirstRowMs <= 500, `the UI's scan: ${int(ui.scanKeysPerSec)} keys/s (${num(ui.scanMs / 1000, 1)} s), ${ui.scanLongTasks} long tasks meanwhile`);
        add('Scale', `Long tasks > 50 ms while scrolling ${at} (~30 s: wheel, PageDown, jumps)`, 'none', summarize([ui.longTasks]), (v) => `${int(v)}`, ui.longTasks === 0, `longest ${int(ui.longestMs)} ms; heap ${num(ui.heapStartMB, 1)} → ${num(ui.heapEndMB, 1)} MB (max ${num(ui.heapMaxMB, 1)}); load ${ui.loadavg?.scrollStart?.join(' / ')}`);
      } else if (ui?.error) rows.push({ group: 'Scale', figure: `Keys view at ${at}`, target: '', text: 'not measured', spread: '', result: '', note: ui.error });
    }
  }

  const I = R.invalidate;
  if (I?.runs?.length) {
    const s = summarize(I.runs.map((r) => r.keysPerSec));
    add('Invalidation', `Invalidate by pattern \`${I.pattern}\` (${int(median(I.runs.map((r) => r.deleted)))} keys), deletion keys/s, default settings`, '≥ 100,000', s, int, s.median >= 100_000);
    add('Invalidation', 'Same, end to end (process start + preview count + deletion)', '', summarize(I.runs.map((r) => r.endToEndKeysPerSec)), int);
    add('Invalidation', 'Server CPU s per million keys deleted (deletion + preview)', '', summarize(I.runs.map((r) => r.server.cpuNetS / (r.deleted / 1e6))), (x) => `${num(x, 2)} s`);
    add('Invalidation', 'Longest single server call during invalidation (SLOWLOG)', '', summarize(I.runs.map((r) => r.server.slowestCallUs)), (x) => (x === 0 ? '< 1 ms' : `${num(x / 1000, 2)} ms`));
    add('Invalidation', 'redis-cli --latency max during invalidation', '', summarize(I.runs.map((r) => r.server.latency?.maxMs ?? null)), (x) => `${int(x)} ms`);
    if (I.backup) {
      const b = I.backup;
      const base = median(I.runs.map((r) => r.durationMs / r.deleted));
      const extraUs = ((b.durationMs / b.deleted - base) * 1000);
      add('Invalidation', `With an undo file (--backup), over ${num(b.windowMs / 1000, 0)} s: deletion keys/s`, '', summarize([b.keysPerSec]), int);
      add('Invalidation', 'Undo-file writing cost per key (extra time vs. no backup)', '', summarize([extraUs]), (x) => `${num(x, 2)} µs`, null, `${num(b.fileBytes / b.deleted, 0)} bytes/key on disk (${mb(b.fileBytes)} for ${int(b.deleted)} keys)`);
    }
  }

  const CA = R.clusterActions;
  if (CA?.runs?.cluster?.length) {
    const C = CA;
    const c = C.runs.cluster;
    const one = C.runs.standalone;
    const s = summarize(c.map((r) => r.keysPerSec));
    const deleted = int(median(c.map((r) => r.deleted)));
    const perM = (r) => (r.server.cpuNetS ?? r.server.cpuS) / (r.deleted / 1e6);
    add('Cluster actions', `Invalidate by pattern \`${C.pattern}\` across 3 primaries (${deleted} keys), deletion keys/s`, '≥ 100,000', s, int, s.median >= 100_000, `${C.perNode.map(int).join(' / ')} keys per primary`);
    add('Cluster actions', 'Same keys on one standalone node, same command (interleaved runs)', '', summarize(one.map((r) => r.keysPerSec)), int);
    add('Cluster actions', 'Cluster, end to end (process start + cluster discovery + preview count + deletion)', '', summarize(c.map((r) => r.endToEndKeysPerSec)), int);
    add('Cluster actions', 'Server CPU s per million keys deleted, summed over the primaries, minus idle (deletion + preview)', '', summarize(c.map(perM)), (x) => `${num(x, 2)} s`, null, `one node: ${num(median(one.map(perM)), 2)} s`);
    add('Cluster actions', 'Longest single server call on any primary (SLOWLOG)', '', summarize(c.map((r) => r.server.slowestCallUs)), (x) => (x === 0 ? '< 1 ms' : `${num(x / 1000, 2)} ms`));
    const W = C.writes;
    if (W) {
      const vs = (k) => `one node: ${int(W.standalone[k])} keys/s`;
      add('Cluster actions', 'Invalidate with --backup (DUMP + PTTL first), keys/s', '', summarize([W.cluster.backupKeysPerSec]), int, null, vs('backupKeysPerSec'));
      add('Cluster actions', `Restore that backup (RESTORE per node), keys/s`, '', summarize([W.cluster.restoreKeysPerSec]), int, null, `${vs('restoreKeysPerSec')}; ${int(W.cluster.restoredOnServer)} keys back`);
      add('Cluster actions', `Warm --file (NDJSON, ${int(C.keys)} strings, pipelines per node), keys/s`, '', summarize([W.cluster.warmKeysPerSec]), int, null, vs('warmKeysPerSec'));
    }
  }


  const P = R.poller;
  if (P && !P.error) {
    add('Poller', 'Server CPU per poll (PING + INFO all), Δ CPU minus idle', '', summarize([P.serverCpuUsPerPoll]), (x) => `${num(x, 0)} µs`, null, `commandstats time ${num(P.commandUsPerPoll, 0)} µs; ${P.polls} polls`);
    add('Poller', 'Bytes per poll (received / sent)', '', summarize([P.bytesInPerPoll]), (x) => `${int(x)} B / ${int(P.bytesOutPerPoll)} B`);
    add('Poller', 'Poll round trip incl. parse + derive (client)', '', { ...P.pollMs, spreadPct: null }, (x) => `${num(x, 2)} ms`, null, `client CPU ${num(P.clientCpuUsPerPoll, 0)} µs/poll`);
  }

  const S = R.ssh;
  if (S?.analysisSsh?.length) {
    const ms = (d) => (x) => `${num(x, d)} ms`;
    add('SSH', 'Poll round trip (PING + INFO all), direct', '', summarize(S.pollDirect.map((r) => r.medianMs)), ms(2), null, `client CPU ${num(median(S.pollDirect.map((r) => r.clientCpuUsPerPoll)), 0)} µs/poll; median of ${S.pollDirect[0].polls} polls per run`);
    add('SSH', 'Poll round trip, through the SSH tunnel (sshd on loopback)', '', summarize(S.pollSsh.map((r) => r.medianMs)), ms(2), null, `client CPU ${num(median(S.pollSsh.map((r) => r.clientCpuUsPerPoll)), 0)} µs/poll, sshd ${num(median(S.pollSsh.map((r) => r.sshdCpuUsPerPoll)), 0)} µs/poll`);
    add('SSH', `Analysis keys/s (${int(S.keys)} keys), direct`, '', summarize(S.analysisDirect.map((r) => r.keysPerSec)), int, null, `client CPU ${num(median(S.analysisDirect.map((r) => r.clientCpuMs)) / 1000, 2)} s`);
    add('SSH', 'Analysis keys/s, through the SSH tunnel', '', summarize(S.analysisSsh.map((r) => r.keysPerSec)), int, null, `client CPU ${num(median(S.analysisSsh.map((r) => r.clientCpuMs)) / 1000, 2)} s, sshd ${num(median(S.analysisSsh.map((r) => r.sshdCpuMs)) / 1000, 2)} s`);
    add('SSH', "The tunnel's CPU per 1M keys analysed (extra client CPU + sshd's)", '', summarize(S.tunnelCpuPerMKeys.map((r) => r.totalS)), (x) => `${num(x, 2)} s`, null, `client +${num(median(S.tunnelCpuPerMKeys.map((r) => r.clientExtraS)), 2)} s, sshd ${num(median(S.tunnelCpuPerMKeys.map((r) => r.sshdS)), 2)} s; measured at ${int(S.keys)} keys, paired runs`);
  } else if (S?.error) rows.push({ group: 'SSH', figure: 'Through an SSH tunnel vs direct', target: '', text: 'not measured', spread: '', result: '', note: S.error });

  const M = R.impact;
  if (M?.conditions) {
    const labels = {
      alone: 'alone',
      analysis: 'during a full analysis (no throttle)',
      analysisThrottled: `during analysis, throttle ${int(R.config.impactAnalysisThrottle)} cmd/s`,
      invalidation: 'during an invalidation (no throttle)',
      invalidationThrottled: `during an invalidation, throttle ${int(R.config.impactInvalidateThrottle)} keys/s`,
    };
    for (const [k, label] of Object.entries(labels)) {
      const c = M.conditions[k];
      if (!c) continue;
      const s = summarize(c.raw.map((x) => (x.set + x.get) / 2));
      const note =
        k === 'alone'
          ? `${c.slices} probes in ${c.windows} windows, one before each condition`
          : c.slices === 0
            ? 'no probe fitted inside the work (too short)'
            : `drop ${num(c.dropPct, 1)} % vs the alone window just before (${int(c.aloneRps)}); ${c.slices} probes; the work ran at ${int(c.workKeysPerSec)} keys/s`;
      add('Impact', `redis-benchmark -t set,get req/s ${label}`, '', s, int, null, note);
    }
  }

  const K = R.keyscroll;
  if (K && !K.error) {
    const load = (l) => (l ? l.map((x) => num(x, 2)).join(' / ') : '—');
    const loadNote = `load ${load(K.loadavg?.scrollStart)} → ${load(K.loadavg?.scrollEnd)} (1/5/15 min)`;
    add('Key list', `Long tasks (> 50 ms) while scrolling the List of ${int(K.listTotal)} keys for ${num(K.scrollSeconds, 0)} s (wheel, PageDown, jumps; fixed seed)`, 'no long task > 50 ms', summarize([K.longTasks]), int, K.longTasks === 0, `longest ${int(K.longestMs)} ms, total ${int(K.longTaskTotalMs)} ms${K.longTasks ? ` (after: ${Object.entries(K.longTasksByInput ?? {}).map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}; ${loadNote}`);
    add('Key list', 'JS heap while scrolling the key list (start → end, after GC)', '', summarize([K.heapEndMB]), (x) => `${num(K.heapStartMB, 1)} → ${num(x, 1)} MB`, null, `max ${num(K.heapMaxMB, 1)} MB (1 s samples, no GC)`);
    add('Key list', 'Scan in the UI: time from Scan to the first row on screen', '', summarize([K.timeToFirstRowMs]), (x) => `${int(x)} ms`, null, `load ${load(K.loadavg?.scanStart)} at the start of the scan`);
    add('Key list', `Scan in the UI: duration to done (${int(K.scanned)} keys)`, '', summarize([K.scanMs]), (x) => `${num(x / 1000, 1)} s`, null, `${int(K.scanKeysPerSec)} keys/s`);
    const busy = (b) => (b ? `main thread busy ${num(b.taskMs / 1000, 1)} s (script ${num(b.scriptMs / 1000, 1)}, layout ${num(b.layoutMs / 1000, 1)} s, ${int(b.layouts)} layouts)` : '');
    add('Key list', `Long tasks (> 50 ms) while the scan of ${int(K.scanned)} keys streams into the tree`, 'no long task > 50 ms', summarize([K.scanLongTasks]), int, K.scanLongTasks === 0, `longest ${int(K.scanLongestMs)} ms; ${busy(K.scanMainThread)} over ${num(K.scanMs / 1000, 1)} s; load ${load(K.loadavg?.scanStart)}`);
    const S = K.slowScan;
    if (S) add('Key list', `Same, the page's CPU slowed ${S.rate}× (CDP throttling: a slower or busier machine)`, '', summarize([S.longTasks]), int, null, `longest ${int(S.longestMs)} ms, total ${int(S.longTaskTotalMs)} ms; ${busy(S.busy)} over ${num(S.scanMs / 1000, 1)} s; load ${load(S.loadavg)}`);
  } else if (K) rows.push({ group: 'Key list', figure: 'Renderer heap and long tasks while scrolling the key list', target: 'no long task > 50 ms', text: 'not measured', spread: '', result: '', note: K.error });

  const N = R.renderer;
  if (N && !N.skipped && !N.failed) {
    add('Renderer', `JS heap after GC over ${N.minutes} min of live charts (start → end)`, '', summarize([N.heapEndMB]), (x) => `${num(N.heapStartMB, 1)} → ${num(x, 1)} MB`, null, `max ${num(N.heapMaxMB, 1)} MB`);
    add('Renderer', `Long tasks (> 50 ms) over ${N.minutes} min of live charts`, '', summarize([N.longTasks]), int, null, `longest ${int(N.longestMs)} ms`);
    if (N.scroll) add('Renderer', 'Scrolling the key list', '', summarize([N.scroll.longTasks ?? null]), int, null, JSON.stringify(N.scroll));
  } else if (N) rows.push({ group: 'Renderer', figure: 'Renderer heap and long tasks', target: '', text: 'not measured', spread: '', result: '', note: N.skipped ?? N.failed });
  return rows;
}

export function markdown(R, rows) {
  const e = R.environment;
  const head = [
    `## Benchmarks — ${R.date}${R.mode === 'quick' ? ' (quick run)' : ''}`,
    '',
    `${int(R.config.keys)} keys, profile \`${R.config.profile}\` (${R.dataset?.usedMemoryHuman ?? '?'} in Redis); ${R.config.runs} run(s) per figure${R.config.slowRuns < R.config.runs ? ` (${R.config.slowRuns} for the core's pipeline path)` : ''}; medians, spread = min – max.`,
    `Machine: ${e.cpus}× ${e.cpuModel}, ${e.totalMemGB} GB; Node ${e.node}; Redis ${e.redis}; load average at start ${e.loadavg.start.map((x) => num(x, 2)).join(' / ')}, at end ${e.loadavg.end?.map((x) => num(x, 2)).join(' / ') ?? '—'} (1/5/15 min).`,
    e.pinning ? `Pinning (server-side sections): redis-server on CPU ${e.pinning.server}, the benchmark and its clients on CPU ${e.pinning.clients} — as with a server on another machine; see bench/lib/pin.mjs.` : 'Not pinned: client and server share the cores.',
    '',
    '| Group | Figure | Target | Median | Spread | Result | Note |',
    '|---|---|---|---|---|---|---|',
  ];
  const esc = (s) => String(s ?? '').replace(/\|/g, '\\|');
  const body = rows.map((r) => `| ${r.group} | ${esc(r.figure)} | ${esc(r.target)} | ${esc(r.text)} | ${esc(r.spread)} | ${r.result} | ${esc(r.note)} |`);
  const notes = (R.notes ?? []).map((n) => `- ${n}`);
  return [...head, ...body, '', ...(notes.length ? ['Notes:', ...notes, ''] : [])].join('\n');
}
