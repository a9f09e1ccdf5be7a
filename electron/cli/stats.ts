import type { ClusterHealth, Envelope, MetricSample, TopologyEvent, WireError } from '../../shared/contract';
import { formatBytes, formatDuration, formatInteger, formatLatency, formatPercent, formatRate } from '../../shared/format';
import { describeAddress } from '../core/profile/profile';
import { decimalFlag, intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_HELP, CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { openCliCore, type CliCore } from './core-session';
import { CliError, EXIT } from './exit-codes';
import { humanEventLine, humanHealthLine, humanNodeLines, toNodeLine, type NodeLine } from './stats-nodes';
import { humanLimitedLine, limitedLine } from './stats-without-info';
import { onStopSignal, sleep } from './stop-signal';

export const usage = `Usage: cachescope stats [connection flags] [--interval S] [--count N] [--nodes] [--latency] [--json]

Takes a baseline sample, then prints one sample per interval: hit rate, the server's lifetime
hit rate, ops/s, memory, evictions/s, expired/s, clients, keys and latency. Rates are over the
interval just ended. On a cluster or a Sentinel set the figures are the sums over the primaries
that answered (the line says when one did not), and topology events (failover, switch-master, a
node down or back, slots moved, cluster_state) and slot coverage problems are printed as lines of
their own, marked "!", as they happen.

  --interval S   seconds between samples, 0.5 to 60 (default 1)
  --count N      stop after N samples (default: until Ctrl-C)
  --nodes        after each line, one line per node of a cluster or Sentinel set: role, address,
                 slots (primary) or its primary (replica), keys, memory vs maxmemory, ops/s, hit
                 rate, clients, a replica's replication lag and link; a node down says so
  --latency      the server's own command latency over the interval: p50/p99/p99.9 of GET, SET and
                 the applications' mix (all their commands; Cachescope's polls left out), in µs.
                 Redis 7.0 and later: from LATENCY HISTOGRAM, each figure the upper bound of its
                 bucket (buckets double, so up to 2x coarse); older servers: usec_per_call of
                 INFO commandstats, a mean, in all three figures (said on the line)
  --json         one JSON object per line: ts (ms epoch), hitRate (this interval, 0-1, null with
                 no lookups), hitRateLifetime (keyspace_hits / (hits + misses) since the server
                 started, as Redis counts it), hitRateSinceConnected (since this run connected;
                 hitRateTotal is the same, kept for old scripts), opsPerSec, usedMemory, maxMemory
                 (0 = no limit), evictedPerSec, expiredPerSec, connectedClients, keys (in the
                 selected db, as DBSIZE), latencyMs…; on a cluster or Sentinel set also nodes
                 (one object per node), topology (the events since the last line) and cluster
                 ({ok, slotsCovered, problem}); with --latency also latency ({<command>:
                 {p50, p99, p999}} in µs, every command called in the interval plus "mix") and
                 latencySource ("histogram" or "commandstats", a mean)

${CONNECTION_HELP}

A server that stops answering (CLIENT PAUSE, a slow script) is waited for, with a note on
stderr; the first sample after it is marked "gap". A user denied INFO by ACL gets keys (DBSIZE)
and latency (PING) only, each line marked "limited".

Exit codes: 0 done or stopped with Ctrl-C, 2 bad usage, 3 cannot connect or connection lost,
4 the ACL user may not run INFO, DBSIZE or PING.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  interval: { type: 'string' },
  count: { type: 'string' },
  nodes: { type: 'boolean' },
  latency: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

/** The JSON line: chosen fields only, so nothing about the connection (let alone a password) leaks. */
export interface StatsLine {
  ts: number;
  hitRate: number | null;
  /** keyspace_hits / (hits + misses) over the server's lifetime (everyone's lookups, as Redis counts them). */
  hitRateLifetime: number | null;
  /** Applications' hit rate since this run connected: null on the first line of a one-shot run without lookups. */
  hitRateSinceConnected: number | null;
  /** The same as hitRateSinceConnected, under its old name, for scripts written against it. */
  hitRateTotal: number | null;
  hits: number | null;
  misses: number | null;
  opsPerSec: number | null;
  usedMemory: number;
  maxMemory: number;
  maxMemoryPolicy: string;
  memoryFraction: number | null;
  fragmentation: number | null;
  evictedPerSec: number | null;
  expiredPerSec: number | null;
  connectedClients: number;
  db: number;
  keys: number;
  keysAllDbs: number;
  latencyMs: number | null;
  reset?: MetricSample['reset'];
  /** This poll came too soon after the last (after a slow one): no rates, the next line spans both. */
  folded?: true;
  /** The server did not answer one or more polls (paused, busy): rates start again here. */
  gap?: true;
  /** A cluster or Sentinel set: every node, primaries first. */
  nodes?: NodeLine[];
  /** Topology changes since the previous line. */
  topology?: TopologyEvent[];
  /** A cluster's state and slot coverage. */
  cluster?: ClusterHealth;
  /** --latency: the server's command latency over the interval, µs (null on the first line). */
  latency?: Record<string, { p50: number; p99: number; p999: number }> | null;
  latencySource?: 'histogram' | 'commandstats';
}

/** The --latency fields of a line. */
export function latencyFields(s: MetricSample): Pick<StatsLine, 'latency' | 'latencySource'> {
  const l = s.serverLatency;
  if (!l) return { latency: null };
  const latency: Record<string, { p50: number; p99: number; p999: number }> = {};
  for (const [name, c] of Object.entries(l.commands)) if (c.calls > 0) latency[name] = { p50: round(c.p50, 1)!, p99: round(c.p99, 1)!, p999: round(c.p999, 1)! };
  return { latency, latencySource: l.source };
}

/** " latency p99 GET 8 µs  SET 16 µs  mix 16 µs" (means on older servers). */
export function humanLatency(l: StatsLine): string {
  if (!l.latency) return 'server latency: not yet (needs two polls)';
  const us = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)} µs`;
  const pick = ['get', 'set', 'mix'].filter((c) => l.latency![c]);
  const what = l.latencySource === 'commandstats' ? 'mean per call (commandstats; no percentiles before Redis 7.0)' : 'p50/p99/p99.9';
  if (pick.length === 0) return `server latency ${what}: no app commands this interval`;
  return `server latency ${what}: ${pick.map((c) => `${c === 'mix' ? 'mix' : c.toUpperCase()} ${l.latencySource === 'commandstats' ? us(l.latency![c]!.p50) : `${us(l.latency![c]!.p50)}/${us(l.latency![c]!.p99)}/${us(l.latency![c]!.p999)}`}`).join('  ')}`;
}

const round = (n: number | null, digits: number) => (n === null ? null : Number(n.toFixed(digits)));

export function toStatsLine(s: MetricSample, db: number): StatsLine {
  return {
    ts: s.ts,
    hitRate: round(s.hitRate, 4),
    hitRateLifetime: round(s.hitRateServer, 4),
    hitRateSinceConnected: round(s.hitRateTotal, 4),
    hitRateTotal: round(s.hitRateTotal, 4),
    hits: s.hitsDelta,
    misses: s.missesDelta,
    opsPerSec: round(s.opsPerSec, 2),
    usedMemory: s.usedMemory,
    maxMemory: s.maxMemory,
    maxMemoryPolicy: s.maxMemoryPolicy,
    memoryFraction: round(s.memoryFraction, 4),
    fragmentation: round(s.fragmentation, 2),
    evictedPerSec: round(s.evictedPerSec, 2),
    expiredPerSec: round(s.expiredPerSec, 2),
    connectedClients: s.connectedClients,
    db,
    keys: s.dbs.find((d) => d.db === db)?.keys ?? 0,
    keysAllDbs: s.keys,
    latencyMs: round(s.latencyMs, 3),
    ...(s.reset ? { reset: s.reset } : {}),
    ...(s.folded ? { folded: true as const } : {}),
    ...(s.gap ? { gap: true as const } : {}),
    ...(s.nodes ? { nodes: s.nodes.map(toNodeLine) } : {}),
    ...(s.topology ? { topology: s.topology } : {}),
    ...(s.cluster ? { cluster: s.cluster } : {}),
  };
}

/** Local wall-clock time, HH:MM:SS: a terminal line is read by a person next to a clock. */
function clock(ts: number): string {
  const d = new Date(ts);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export function humanLine(l: StatsLine): string {
  const memory = `${formatBytes(l.usedMemory)} / ${l.maxMemory > 0 ? formatBytes(l.maxMemory) : 'no limit'}`;
  return [
    clock(l.ts),
    `hit ${formatPercent(l.hitRate)}`,
    `lifetime hit ${formatPercent(l.hitRateLifetime)}`,
    `ops ${formatRate(l.opsPerSec)}/s`,
    `mem ${memory}`,
    `evicted ${formatRate(l.evictedPerSec)}/s`,
    `expired ${formatRate(l.expiredPerSec)}/s`,
    `clients ${formatInteger(l.connectedClients)}`,
    `keys ${formatInteger(l.keys)}`,
    `latency ${formatLatency(l.latencyMs)}`,
    ...(unanswered(l) ? [`(${unanswered(l)})`] : []),
    ...(l.reset ? [`(counters reset: ${l.reset})`] : []),
    ...(l.folded ? ['(too soon after a slow poll: rates in the next line)'] : []),
    ...(l.gap ? ['(after a gap)'] : []),
  ].join('  ');
}

/** "2 of 3 primaries answered" when the sums miss a primary; '' when all answered (or one server). */
function unanswered(l: StatsLine): string {
  const primaries = (l.nodes ?? []).filter((n) => n.role === 'primary' && (n.up || (n.slots ?? 0) > 0));
  const up = primaries.filter((n) => n.up).length;
  return up < primaries.length ? `sums over ${up} of ${primaries.length} primaries: the others do not answer` : '';
}

/** What a cluster or Sentinel set adds to the header: how many nodes of each role. */
function nodesWords(s: MetricSample): string {
  if (!s.nodes) return '';
  const primaries = s.nodes.filter((n) => n.role === 'primary').length;
  const replicas = s.nodes.length - primaries;
  return `, ${primaries} primar${primaries === 1 ? 'y' : 'ies'} and ${replicas} replica${replicas === 1 ? '' : 's'}`;
}

/** Why the poll failed, in words: the socket's own when it had some ("closed" when it had none). */
function lostConnection(where: string, e: WireError): CliError {
  const reason = e.code === 'NOT_CONNECTED' || e.code === 'INTERNAL' ? 'the server closed it or stopped responding.' : e.message;
  return new CliError(EXIT.CONNECT, `Lost the connection to ${where}: ${reason}`);
}

/** INFO refused by ACL: the one poll failure that is about the user, not the server. */
function infoDenied(e: WireError): boolean {
  return e.code === 'NO_PERMISSION' && /\bINFO\b/.test(e.message);
}

/** The core's one poll (PING + INFO, derived as the poller does), or why there is none. */
async function sampleNow(core: CliCore): Promise<Envelope<MetricSample>> {
  return core.api.invoke('metrics.sample.now', { id: core.id });
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  const intervalMs = Math.round((decimalFlag('interval', values.interval, 0.5, 60) ?? 1) * 1000);
  const count = intFlag('count', values.count, 1, 1_000_000_000) ?? Infinity;
  const { profile, warnings } = resolveConnectionFlags(values, ctx.env);
  for (const w of warnings) ctx.stderr.write(`${w}\n`);
  const where = describeAddress(profile);

  // The session polls at the interval asked for: its poller folds a poll that comes too soon.
  // An error from here (refused, auth, TLS…) reaches main, which exits 3 with its message.
  const core = await openCliCore({ ...profile, pollIntervalMs: intervalMs }, ctx);
  const stop = onStopSignal();
  // A server that stops answering on an open socket (CLIENT PAUSE, DEBUG SLEEP, a long script)
  // is stalled, not lost: say so once, wait, and say when it answers again.
  let stalledAt: number | null = null;
  let denied: WireError | null = null;
  // `first`: only the baseline poll falls back to what an ACL user without INFO can read.
  const sampleOrStall = async (first = false): Promise<MetricSample | null> => {
    const reply = await sampleNow(core);
    if (reply.ok) {
      if (stalledAt !== null) ctx.stderr.write(`${where} answered again after ${formatDuration((performance.now() - stalledAt) / 1000)}.\n`);
      stalledAt = null;
      return reply.value;
    }
    if (first && infoDenied(reply.error)) {
      denied = reply.error;
      return null;
    }
    if (reply.error.code !== 'SLOW') throw lostConnection(where, reply.error);
    if (stalledAt === null) {
      stalledAt = performance.now();
      ctx.stderr.write(`${reply.error.message} Waiting for it (Ctrl-C to stop).\n`);
    }
    return null;
  };
  try {
    let baseline: MetricSample | null = null;
    let pollStarted = performance.now();
    while (!baseline && !stop.signal.aborted) {
      baseline = await sampleOrStall(true);
      if (denied) return await runWithoutInfo(core, ctx, { intervalMs, count, json: values.json === true, signal: stop.signal, where, denied });
      if (!baseline) await sleep(intervalMs - (performance.now() - pollStarted), stop.signal);
      pollStarted = performance.now();
    }
    if (!baseline) return EXIT.OK; // stopped with Ctrl-C before the server answered
    if (!values.json) ctx.stderr.write(`Sampling ${where} db ${profile.db} (Redis ${baseline.version}${nodesWords(baseline)}) every ${intervalMs / 1000} s. Ctrl-C to stop.\n`);
    // The cluster's problem is printed when it changes, not on every line.
    let health = baseline.cluster?.ok === false ? baseline.cluster.problem : undefined;
    if (!values.json && health) ctx.stdout.write(`${humanHealthLine(baseline.cluster!, clock, baseline.ts)}\n`);

    for (let printed = 0; printed < count; ) {
      // Spaced from the start of the previous poll, so the interval is what the user asked for.
      await sleep(intervalMs - (performance.now() - pollStarted), stop.signal);
      if (stop.signal.aborted) break;
      pollStarted = performance.now();
      const sample = await sampleOrStall();
      if (stop.signal.aborted) break;
      if (!sample) continue; // a stall is a gap: the next sample carries `gap`, not a line of its own
      const line = { ...toStatsLine(sample, profile.db), ...(values.latency ? latencyFields(sample) : {}) };
      if (values.json) ctx.stdout.write(`${JSON.stringify(line)}\n`);
      else {
        for (const e of line.topology ?? []) ctx.stdout.write(`${humanEventLine(e, clock)}\n`);
        const problem = line.cluster && !line.cluster.ok ? line.cluster.problem : undefined;
        if (line.cluster && problem !== health) ctx.stdout.write(`${humanHealthLine(line.cluster, clock, line.ts)}\n`);
        health = problem;
        ctx.stdout.write(`${humanLine(line)}\n`);
        if (values.latency) ctx.stdout.write(`  ${humanLatency(line)}\n`);
        if (values.nodes && line.nodes) for (const n of humanNodeLines(line.nodes)) ctx.stdout.write(`${n}\n`);
      }
      printed++;
    }
    return EXIT.OK;
  } finally {
    stop.dispose();
    await core.close();
  }
}

/** An ACL user without INFO: say what to ask for, then show keys and latency, if those are allowed. */
async function runWithoutInfo(
  core: CliCore,
  ctx: CliContext,
  o: { intervalMs: number; count: number; json: boolean; signal: AbortSignal; where: string; denied: WireError },
): Promise<number> {
  const read = async () => limitedLine(await core.call('metrics.basics', { id: core.id }));
  const first = await read();
  if (first.keys === null && first.latencyMs === null) throw new CliError(EXIT.PERMISSION, `${o.denied.message} DBSIZE and PING are denied too: nothing to show.`);
  ctx.stderr.write(`${o.denied.message} Showing what this user can read: keys (DBSIZE) and latency (PING).\n`);
  let pollStarted = performance.now();
  for (let printed = 0; printed < o.count; printed++) {
    await sleep(o.intervalMs - (performance.now() - pollStarted), o.signal);
    if (o.signal.aborted) break;
    pollStarted = performance.now();
    const line = await read();
    const state = (await core.call('connections.states', {})).find((c) => c.id === core.id);
    if (state?.status !== 'ready') throw new CliError(EXIT.CONNECT, `Lost the connection to ${o.where}: the server closed it or stopped responding.`);
    ctx.stdout.write(`${o.json ? JSON.stringify(line) : humanLimitedLine(line, clock)}\n`);
  }
  return EXIT.OK;
}
