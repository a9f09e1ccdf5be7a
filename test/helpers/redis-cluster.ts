import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask, infoFields, pollUntil } from './redis-client';
import { freePorts, isPortClash, launchRedis, type RedisProcess } from './redis-server';

/**
 * A private Redis Cluster for tests: `primaries × (1 + replicasPerPrimary)` redis-servers on free
 * loopback ports, each in its own temp dir with no persistence, joined by `redis-cli --cluster
 * create`. Nothing is fixed: several vitest workers can each run their own.
 *
 * Every node gets its cluster bus port (`--cluster-port`) from freePorts too, instead of the
 * default port + 10000: that default can land past 65535 (ephemeral ports go up to 60999) or on a
 * port something else holds, and picking both from one bind is simpler than checking pairs.
 */
export interface ClusterNodeInfo {
  host: '127.0.0.1';
  port: number;
  role: 'primary' | 'replica';
}

export type ClusterNode = RedisProcess;

export interface StartClusterOptions {
  /** At least 3 (redis-cli refuses fewer). */
  primaries?: number;
  replicasPerPrimary?: number;
  /** requirepass and masterauth on every node. */
  password?: string;
  /** More redis-server arguments for every node. */
  extraArgs?: string[];
  /**
   * TLS only: every node listens on its port with TLS (`--tls-port`, `--port 0`), and the cluster
   * bus and replication use TLS too. Clients need no certificate (`--tls-auth-clients no`).
   */
  tls?: { cert: string; key: string; ca: string };
}

export interface TestCluster {
  /** Every node with its role once the cluster first came up (see roles() for now). */
  readonly nodes: readonly ClusterNodeInfo[];
  /** The initial primaries, to give a cluster client as startup nodes. */
  readonly seeds: readonly { host: '127.0.0.1'; port: number }[];
  readonly password: string | undefined;
  /** The CA file a client must trust (a TLS cluster). */
  readonly tlsCa: string | undefined;
  /** The node on `port`: kill(), restart() (it rejoins from its nodes.conf), signal(), running. */
  node(port: number): ClusterNode;
  /** Roles of the nodes that run now, as each says of itself (INFO replication). */
  roles(): Promise<ClusterNodeInfo[]>;
  /** The primary serving `key`'s slot, per CLUSTER KEYSLOT and CLUSTER SLOTS on a live node. */
  primaryFor(key: string): Promise<{ host: string; port: number }>;
  /**
   * Resolve once every running, unfrozen node says cluster_state:ok with all 16384 slots ok,
   * all of them agree on which primary serves each slot and every such primary is running, and
   * every replica among them has master_link_status:up.
   */
  waitHealthy(timeoutMs?: number): Promise<void>;
  /**
   * CLUSTER FAILOVER on the replica on `port` (FORCE or TAKEOVER when its primary is gone), then
   * wait until it says it is a primary and the cluster is healthy again.
   */
  failover(port: number, options?: { mode?: 'FORCE' | 'TAKEOVER'; timeoutMs?: number }): Promise<void>;
  /** Stop every node (SIGTERM, waited for) and remove the temp dirs. */
  stop(): Promise<void>;
}

const SLOTS = 16384;

type SlotRange = { from: number; to: number; port: number };

function parseSlots(reply: unknown): SlotRange[] {
  return (reply as unknown[][])
    .map((r) => ({ from: Number(r[0]), to: Number(r[1]), port: Number((r[2] as unknown[])[1]) }))
    .sort((a, b) => a.from - b.from);
}

/** Run redis-cli; a failure's message has the output, with the password masked. */
function redisCli(args: string[], timeoutMs: number, password?: string): Promise<string> {
  const hide = (text: string) => (password ? text.replaceAll(password, '***') : text);
  return new Promise((resolve, reject) => {
    execFile('redis-cli', args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error(hide(`redis-cli ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`)));
      else resolve(stdout);
    });
  });
}

export async function startCluster(options: StartClusterOptions = {}): Promise<TestCluster> {
  const { primaries = 3, replicasPerPrimary = 1, password, extraArgs = [], tls } = options;
  if (primaries < 3) throw new Error('a Redis Cluster needs at least 3 primaries');
  const total = primaries * (1 + replicasPerPrimary);
  const root = mkdtempSync(path.join(os.tmpdir(), 'cachescope-cluster-'));
  const procs = new Map<number, RedisProcess>();
  const askNode = (port: number, command: (string | number)[], timeoutMs = 5_000) => ask(port, command, { password, timeoutMs, ...(tls ? { tlsCa: tls.ca } : {}) });
  const live = () => [...procs.values()].filter((p) => p.running && !p.frozen);

  const stop = async () => {
    await Promise.all([...procs.values()].map((p) => p.halt()));
    rmSync(root, { recursive: true, force: true });
  };

  const launchNode = async (port: number, busPort: number) => {
    const dir = path.join(root, String(port));
    mkdirSync(dir, { recursive: true });
    const logFile = path.join(dir, 'redis.log');
    const listen = tls
      ? ['--port', '0', '--tls-port', String(port), '--tls-cluster', 'yes', '--tls-replication', 'yes', '--tls-cert-file', tls.cert, '--tls-key-file', tls.key, '--tls-ca-cert-file', tls.ca, '--tls-auth-clients', 'no']
      : ['--port', String(port)];
    const args = [
      ...listen, '--cluster-port', String(busPort), '--bind', '127.0.0.1',
      '--cluster-enabled', 'yes', '--cluster-config-file', path.join(dir, `nodes-${port}.conf`),
      '--cluster-node-timeout', '2000',
      // A replica whose primary died may always stand (the default refuses one whose link is "too old", a load-dependent call).
      '--cluster-replica-validity-factor', '0',
      // Replicas sync at once, not after the default 5 s wait for more replicas.
      '--repl-diskless-sync-delay', '0',
      '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile, '--daemonize', 'no',
      ...(password ? ['--requirepass', password, '--masterauth', password] : []),
      ...extraArgs,
    ];
    procs.set(port, await launchRedis({ args, port, logFile }));
  };

  const roles = async (): Promise<ClusterNodeInfo[]> => {
    const out: ClusterNodeInfo[] = [];
    for (const p of live()) {
      const info = infoFields(await askNode(p.port, ['INFO', 'replication']));
      out.push({ host: '127.0.0.1', port: p.port, role: info.role === 'master' ? 'primary' : 'replica' });
    }
    return out;
  };

  /**
   * How `port` sees the running nodes, from CLUSTER NODES: "PORT:primary" or "PORT:replica-of-PORT"
   * each; or why its view is not settled (a running node missing, flagged failing, not linked).
   */
  const viewOf = async (port: number, running: Set<number>): Promise<{ view: string } | { why: string }> => {
    const lines = String(await askNode(port, ['CLUSTER', 'NODES'])).trim().split('\n');
    const rows = lines.map((line) => {
      const [id = '', addr = '', flags = '', master = '', , , , link = ''] = line.split(' ');
      return { id, port: Number(addr.split('@')[0]?.split(':').pop()), flags: flags.split(','), master, link };
    });
    const portOf = new Map(rows.map((r) => [r.id, r.port]));
    const view: string[] = [];
    for (const r of rows.filter((r) => running.has(r.port)).sort((a, b) => a.port - b.port)) {
      const bad = r.flags.filter((f) => ['fail', 'fail?', 'handshake', 'noaddr'].includes(f));
      if (bad.length) return { why: `${port} flags ${r.port} ${bad.join(',')}` };
      if (r.link !== 'connected') return { why: `${port} has no link to ${r.port}` };
      view.push(r.flags.includes('master') ? `${r.port}:primary` : `${r.port}:replica-of-${portOf.get(r.master)}`);
    }
    if (view.length !== running.size) return { why: `${port} knows ${view.length} of the ${running.size} running nodes` };
    return { view: view.join(' ') };
  };

  /** Why the cluster is not healthy now, or null when it is. */
  const unhealthy = async (): Promise<string | null> => {
    const nodes = live();
    if (nodes.length === 0) return 'no node is running';
    const running = new Set(nodes.map((p) => p.port));
    let reference: { port: number; picture: string } | null = null;
    const self: string[] = [];
    for (const p of nodes) {
      const info = infoFields(await askNode(p.port, ['CLUSTER', 'INFO']));
      if (info.cluster_state !== 'ok') return `${p.port}: cluster_state:${info.cluster_state}`;
      if (info.cluster_slots_ok !== String(SLOTS)) return `${p.port}: cluster_slots_ok:${info.cluster_slots_ok}`;
      const ranges = parseSlots(await askNode(p.port, ['CLUSTER', 'SLOTS']));
      let next = 0;
      for (const r of ranges) {
        if (r.from !== next) return `${p.port}: slots ${next}-${r.from - 1} are not served`;
        if (!running.has(r.port)) return `${p.port}: slots ${r.from}-${r.to} are served by ${r.port}, which is down`;
        next = r.to + 1;
      }
      if (next !== SLOTS) return `${p.port}: slots ${next}-${SLOTS - 1} are not served`;
      const seen = await viewOf(p.port, running);
      if ('why' in seen) return seen.why;
      // Agreement on slots and on who replicates whom: a manual failover, for one, needs the
      // primary to know its replica as such (it ignores the request otherwise).
      const picture = `${ranges.map((r) => `${r.from}-${r.to}@${r.port}`).join(' ')} | ${seen.view}`;
      if (!reference) reference = { port: p.port, picture };
      else if (reference.picture !== picture) return `${p.port} and ${reference.port} disagree: ${picture} vs ${reference.picture}`;
      const repl = infoFields(await askNode(p.port, ['INFO', 'replication']));
      if (repl.role === 'slave' && repl.master_link_status !== 'up') return `${p.port}: replica of ${repl.master_port}, master_link_status:${repl.master_link_status}`;
      self.push(repl.role === 'master' ? `${p.port}:primary` : `${p.port}:replica-of-${repl.master_port}`);
    }
    // What the nodes say of themselves matches what the cluster says of them.
    const told = self.sort().join(' ');
    const shared = (reference?.picture.split(' | ')[1] ?? '').split(' ').sort().join(' ');
    if (told !== shared) return `the nodes say ${told}, the cluster says ${shared}`;
    return null;
  };

  const waitHealthy = (timeoutMs = 60_000) => pollUntil('cluster healthy', timeoutMs, unhealthy);

  try {
    // Up to 3 tries: a port freePorts handed out can be taken by someone else before a node binds it.
    for (let attempt = 1; ; attempt++) {
      const ports = await freePorts(2 * total);
      const busPorts = ports.splice(total);
      const failed = (await Promise.allSettled(ports.map((port, i) => launchNode(port, busPorts[i] as number)))).find((r) => r.status === 'rejected');
      if (!failed) break;
      await Promise.all([...procs.values()].map((p) => p.halt()));
      procs.clear();
      if (attempt >= 3 || !isPortClash(failed.reason)) throw failed.reason;
    }
    const ports = [...procs.keys()];
    await redisCli(
      [
        ...(password ? ['-a', password, '--no-auth-warning'] : []),
        ...(tls ? ['--tls', '--cacert', tls.ca] : []),
        '--cluster',
        'create',
        ...ports.map((p) => `127.0.0.1:${p}`),
        '--cluster-replicas',
        String(replicasPerPrimary),
        '--cluster-yes',
      ],
      90_000,
      password,
    );
    await waitHealthy(90_000);
  } catch (e) {
    await stop();
    throw e;
  }

  const nodes = await roles().catch(async (e) => {
    await stop();
    throw e;
  });
  nodes.sort((a, b) => (a.role === b.role ? a.port - b.port : a.role === 'primary' ? -1 : 1));

  return {
    nodes,
    seeds: nodes.filter((n) => n.role === 'primary').map(({ host, port }) => ({ host, port })),
    password,
    tlsCa: tls?.ca,
    node(port) {
      const p = procs.get(port);
      if (!p) throw new Error(`no cluster node on port ${port} (nodes: ${[...procs.keys()].join(', ')})`);
      return p;
    },
    roles,
    async primaryFor(key) {
      let lastError: unknown = new Error('no node is running');
      for (const p of live()) {
        try {
          const slot = Number(await askNode(p.port, ['CLUSTER', 'KEYSLOT', key]));
          const range = parseSlots(await askNode(p.port, ['CLUSTER', 'SLOTS'])).find((r) => r.from <= slot && slot <= r.to);
          if (!range) throw new Error(`${p.port}: no node serves slot ${slot}`);
          return { host: '127.0.0.1', port: range.port };
        } catch (e) {
          lastError = e;
        }
      }
      throw lastError;
    },
    waitHealthy,
    async failover(port, { mode, timeoutMs = 60_000 } = {}) {
      const proc = procs.get(port);
      if (!proc?.running) throw new Error(`no running cluster node on port ${port}`);
      const role = async () => infoFields(await askNode(port, ['INFO', 'replication'])).role;
      if ((await role()) !== 'slave') throw new Error(`${port} is not a replica`);
      let askedAt = 0;
      await pollUntil(`${port} promoted by CLUSTER FAILOVER`, timeoutMs, async () => {
        if ((await role()) === 'master') return null;
        // A manual failover that stalls gives up after 5 s (CLUSTER_MF_TIMEOUT): ask again after 10.
        if (Date.now() - askedAt > 10_000) {
          askedAt = Date.now();
          await askNode(port, ['CLUSTER', 'FAILOVER', ...(mode ? [mode] : [])]);
        }
        return `${port} is still a replica`;
      });
      await waitHealthy(timeoutMs);
    },
    stop,
  };
}
