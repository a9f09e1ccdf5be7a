import readline from 'node:readline';
import { formatBytes, formatInteger, formatPercent, formatRate } from '../../shared/format';
import { CoreError } from '../core/errors';
import { startDemo, type DemoHandle } from '../workload/demo';
import { parseMemorySize } from '../workload/memory-size';
import { getProfile, isProfileChoice, PROFILE_NAMES, type ProfileChoice } from '../workload/profiles';
import type { WorkloadCounters } from '../workload/workload';
import { runServe } from '../serve';
import { decimalFlag, intFlag, parseFlags } from './args';
import type { CliContext } from './command';
import { CONNECTION_OPTIONS, resolveConnectionFlags } from './connection-flags';
import { CliError, EXIT, UsageError } from './exit-codes';
import { onStopSignal, sleep } from './stop-signal';

export const usage = `Usage: cachescope demo [--profile NAME] [--keys N] [--ops N] [--hit-target F] [--maxmemory SIZE]
                      [--cluster [--replicas N]] [--url URL] [--no-open] [--seed S] [--interval S] [--force]

Starts a private redis-server (from PATH) on a free loopback port, seeds it with one of the
cache layouts of real apps, runs a cache-aside workload against it and serves the dashboard
connected to it (the address to open is printed). Ctrl-C stops everything it started.

  --profile NAME    ${[...PROFILE_NAMES, 'all'].join(', ')} (default vtp)
  --keys N          keys to seed first (default: the profile's, e.g. 20000; hypersdk 100000)
  --ops N           operations per second (default 200)
  --hit-target F    steer the hit rate to F, 0 to 1, by reading never-seen ids; default off:
                    the rate emerges from Zipf popularity, TTLs, deletes and maxmemory
  --maxmemory SIZE  the private server's limit, e.g. 64mb, 1gb, 0 = none (default 64mb);
                    the policy is the profile's (allkeys-lru for hypersdk and all, else volatile-lru)
  --cluster         start a private Redis Cluster instead: 3 primaries on free loopback ports,
                    each with --replicas replicas; the workload runs as a cluster app (slot-routed)
                    and the URL to point Cachescope at (redis://h:p1,h:p2,h:p3) is printed.
                    With --url: that server is a cluster node (seed)
  --replicas N      replicas per primary of the private cluster, 0 to 2 (default 1)
  --url URL         use this server instead (its database must be empty unless --force);
                    --host/--port/--password/--db/--tls… work too
  --no-open         don't serve the dashboard: run the workload and print what it does
  --serve-port N    port for the dashboard (default: any free port)
  --seed S          seed of the dataset and of the traffic (default 1)
  --interval S      seconds between status lines, 0.5 to 60 (default 2)
  --force           write into a non-empty database given with --url

Exit codes: 0 stopped with Ctrl-C, 1 could not start, 2 bad usage, 3 cannot connect.`;

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  profile: { type: 'string' },
  keys: { type: 'string' },
  ops: { type: 'string' },
  'hit-target': { type: 'string' },
  maxmemory: { type: 'string' },
  'no-open': { type: 'boolean' },
  'serve-port': { type: 'string' },
  seed: { type: 'string' },
  interval: { type: 'string' },
  force: { type: 'boolean' },
  replicas: { type: 'string' },
} as const;

function hitTargetFlag(text: string | undefined): number | null | undefined {
  if (text === undefined) return undefined;
  if (/^(off|none)$/i.test(text.trim())) return null;
  return decimalFlag('hit-target', text, 0, 1);
}

function plural(n: number, word: string): string {
  return `${formatInteger(n)} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * At a terminal, typed lines change the running workload: `rate 500`, `hit 0.8`, `hit off`.
 * Line mode rather than raw keys, so Ctrl-C stays an ordinary SIGINT.
 */
function acceptTypedCommands(demo: DemoHandle, out: (line: string) => void): () => void {
  if (!process.stdin.isTTY) return () => {};
  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [word, value] = line.trim().split(/\s+/);
    try {
      if (word === 'rate' && value !== undefined && /^\d+$/.test(value)) {
        demo.workload.setRate(Number(value));
        out(`Rate set to ${formatInteger(Number(value))} ops/s.`);
      } else if (word === 'hit' && value !== undefined && /^(off|none)$/i.test(value)) {
        demo.workload.setHitTarget(null);
        out('Hit-rate target off.');
      } else if (word === 'hit' && value !== undefined && /^(\d+(\.\d*)?|\.\d+)$/.test(value)) {
        demo.workload.setHitTarget(Number(value));
        out(`Hit-rate target set to ${formatPercent(Number(value), 0)}.`);
      } else if (word) out('Commands: rate N (ops/s), hit F (0 to 1) or hit off; Ctrl-C stops.');
    } catch (e) {
      out((e as Error).message);
    }
  });
  return () => rl.close();
}

function clock(ts: number): string {
  const d = new Date(ts);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** One status line: the workload's own view over the interval, plus what the server says. */
async function statusLine(demo: DemoHandle, prev: WorkloadCounters, now: WorkloadCounters, seconds: number): Promise<string> {
  const lookups = now.hits - prev.hits + (now.misses - prev.misses);
  const target = demo.workload.hitTarget;
  const parts = [
    clock(Date.now()),
    `ops ${formatRate((now.ops - prev.ops) / seconds)}/s`,
    `hit ${lookups > 0 ? formatPercent((now.hits - prev.hits) / lookups) : '—'}${target === null ? '' : ` (target ${formatPercent(target, 0)})`}`,
    `sets ${formatInteger(now.sets - prev.sets)}`,
    `deletes ${formatInteger(now.deletes - prev.deletes)}`,
  ];
  if (now.patternInvalidations > prev.patternInvalidations)
    parts.push(`by pattern ${now.patternInvalidations - prev.patternInvalidations} (${plural(now.patternKeysDeleted - prev.patternKeysDeleted, 'key')})`);
  try {
    // INFO and DBSIZE are not keyspace lookups: the hit rate the dashboard shows stays the workload's.
    // On a cluster they are summed over the primaries.
    const f = await demo.serverFigures();
    parts.push(`keys ${formatInteger(f.keys)}`);
    if (f.usedMemory !== null) parts.push(`mem ${formatBytes(f.usedMemory)}${f.maxMemory ? ` / ${formatBytes(f.maxMemory)}` : ''}`);
    if (f.evicted !== null) parts.push(`evicted ${formatInteger(f.evicted)}`);
  } catch {
    parts.push('server not answering');
  }
  if (now.errors > prev.errors) parts.push(`errors ${now.errors - prev.errors}`);
  return parts.join('  ');
}

export async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseFlags(argv, OPTIONS);
  const profileName = values.profile ?? 'vtp';
  if (!isProfileChoice(profileName)) throw new UsageError(`--profile must be one of ${[...PROFILE_NAMES, 'all'].join(', ')}, got "${profileName}"`);
  const profile: ProfileChoice = profileName;
  const keys = intFlag('keys', values.keys, 0, 100_000_000);
  const ops = intFlag('ops', values.ops, 1, 1_000_000) ?? 200;
  const hitTarget = hitTargetFlag(values['hit-target']);
  const seed = intFlag('seed', values.seed, 0, 2 ** 32 - 1);
  const intervalMs = Math.round((decimalFlag('interval', values.interval, 0.5, 60) ?? 2) * 1000);
  const servePort = intFlag('serve-port', values['serve-port'], 0, 65535) ?? 0;
  let maxmemory: number | undefined;
  if (values.maxmemory !== undefined) {
    const parsed = parseMemorySize(values.maxmemory);
    if (parsed === null) throw new UsageError(`--maxmemory expects a size such as 64mb or 1gb, got "${values.maxmemory}"`);
    maxmemory = parsed;
  }

  // An existing server only when named: the demo never writes into whatever REDIS_URL points at.
  const named = values.url !== undefined || values.host !== undefined || values.sentinel !== undefined;
  const connectionFlags = (['port', 'username', 'password', 'db', 'tls', 'tls-ca', 'insecure', 'seed-node', 'pin-node', 'nat-map', 'master-name', 'sentinel-user', 'sentinel-password'] as const).filter((f) => values[f] !== undefined);
  if (!named && connectionFlags.length > 0) throw new UsageError(`--${connectionFlags[0]} needs --url or --host (without them the demo starts its own server)`);
  const replicas = intFlag('replicas', values.replicas, 0, 2);
  if (replicas !== undefined && (named || !values.cluster)) throw new UsageError('--replicas sizes the private cluster: give it with --cluster and no --url/--host');
  // Without a server named, --cluster starts a private cluster; with one, it says that server is a cluster node.
  const privateCluster = !named && values.cluster === true ? { replicasPerPrimary: replicas ?? 1 } : undefined;
  let target;
  if (named) {
    const resolved = resolveConnectionFlags(values, ctx.env);
    for (const w of resolved.warnings) ctx.stderr.write(`${w}\n`);
    target = resolved.profile;
    if (maxmemory !== undefined) ctx.stderr.write('Note: --maxmemory applies to a private server only; the server given with --url keeps its own settings.\n');
  }

  const stop = onStopSignal();
  const out = (line: string) => ctx.stdout.write(`${line}\n`);
  let demo: DemoHandle | null = null;
  let server: Awaited<ReturnType<typeof runServe>> | null = null;
  let firstError = true;
  let stopTyping = () => {};
  try {
    try {
      demo = await startDemo({
        profile,
        ...(keys !== undefined ? { keys } : {}),
        opsPerSec: ops,
        ...(hitTarget !== undefined ? { hitTarget } : {}),
        ...(maxmemory !== undefined ? { maxmemory } : {}),
        ...(target ? { target } : {}),
        ...(privateCluster ? { cluster: privateCluster } : {}),
        allowNonEmpty: values.force === true,
        ...(seed !== undefined ? { seed } : {}),
        env: ctx.env,
        signal: stop.signal,
        onError: (e) => {
          // Every error is counted in the status line; the first one is worth its words.
          if (!firstError) return;
          firstError = false;
          ctx.stderr.write(`Workload error (counted in the status line from now on): ${e instanceof Error ? e.message : String(e)}\n`);
        },
      });
    } catch (e) {
      if (e instanceof CoreError && e.code === 'CANCELLED') return EXIT.OK;
      if (e instanceof CoreError && e.code === 'BAD_REQUEST') throw new CliError(EXIT.FAILURE, e.message);
      throw e;
    }

    const p = getProfile(profile);
    if (demo.server) {
      const limit = demo.server.maxmemory > 0 ? `maxmemory ${formatBytes(demo.server.maxmemory)}, ${demo.server.maxmemoryPolicy}` : 'no maxmemory';
      out(`Started redis-server on ${demo.address} (pid ${demo.server.pid}, ${limit}, no persistence).`);
    } else if (demo.cluster) {
      const c = demo.cluster;
      const primaries = c.nodes.filter((n) => n.role === 'primary').length;
      const limit = c.maxmemory > 0 ? `maxmemory ${formatBytes(c.maxmemory)} per node, ${c.maxmemoryPolicy}` : 'no maxmemory';
      out(`Started a Redis Cluster of ${formatInteger(primaries)} primaries and ${plural(c.nodes.length - primaries, 'replica')} at ${demo.url} (pids ${c.nodes.map((n) => n.pid).join(', ')}; ${limit}, no persistence).`);
    } else out(`Using the server at ${demo.address}.`);
    const s = demo.seeded;
    const kept = await demo.serverFigures().then((f) => f.keys, () => s.keys);
    const evictedNote = kept < s.keys ? ` ${formatInteger(kept)} fit under maxmemory; the policy evicted the rest.` : '';
    out(`Seeded ${formatInteger(s.keys)} keys of profile ${p.name} (${p.summary}) in ${(s.ms / 1000).toFixed(2)} s, ${formatInteger(s.keys / Math.max(s.ms / 1000, 1e-3))} keys/s.${evictedNote}`);
    const targetText = demo.workload.hitTarget === null ? 'no hit-rate target' : `hit target ${formatPercent(demo.workload.hitTarget, 0)}`;
    out(`Cache-aside workload: ${formatInteger(ops)} ops/s, ${targetText}, ${p.patterns.length} invalidation pattern${p.patterns.length === 1 ? '' : 's'}. Ctrl-C stops it${demo.server ? ' and the server' : demo.cluster ? ' and the cluster' : ''}.${process.stdin.isTTY ? ' Type "rate N" or "hit F" to change it.' : ''}`);

    if (!values['no-open'] && !stop.signal.aborted) {
      // Serve mode whatever the platform for now: the dashboard opens from the printed address.
      try {
        server = await runServe({ port: servePort, env: { ...ctx.env, REDIS_URL: demo.url } });
      } catch (e) {
        if ((e as { code?: string }).code === 'EADDRINUSE') throw new CliError(EXIT.FAILURE, `Port ${servePort} is already in use: pick another with --serve-port (0 = any free port).`);
        throw e;
      }
    } else if (!stop.signal.aborted) {
      // `cachescope` is not on PATH after `npm install` (only after `npm link`): name the command that works in a checkout.
      out(`Dashboard not started (--no-open). To watch it, run in the Cachescope folder: REDIS_URL=${demo.server || demo.cluster ? demo.url : '<your --url>'} npx cachescope serve`);
    }

    stopTyping = acceptTypedCommands(demo, out);
    stop.signal.addEventListener('abort', stopTyping, { once: true });
    let prev = demo.workload.counters();
    let last = performance.now();
    while (!stop.signal.aborted) {
      await sleep(intervalMs - (performance.now() - last), stop.signal);
      if (stop.signal.aborted) break;
      const now = demo.workload.counters();
      const elapsed = (performance.now() - last) / 1000;
      last = performance.now();
      out(await statusLine(demo, prev, now, elapsed));
      prev = now;
    }
    return EXIT.OK;
  } finally {
    stop.dispose();
    stopTyping();
    if (server) await server.close();
    if (demo) {
      await demo.stop();
      const totals = demo.workload.counters();
      const lookups = totals.hits + totals.misses;
      out(
        `Stopped after ${formatInteger(totals.ops)} operations: hit rate ${lookups > 0 ? formatPercent(totals.hits / lookups) : '—'}, ${formatInteger(totals.sets)} sets, ${formatInteger(totals.deletes)} deletes${demo.server ? '; redis-server stopped' : demo.cluster ? `; the cluster's ${demo.cluster.nodes.length} redis-servers stopped` : ''}.`,
      );
    }
  }
}
