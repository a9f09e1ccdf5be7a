import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ask, infoFields, pollUntil } from './redis-client';
import { freePorts, isPortClash, launchRedis, type RedisProcess } from './redis-server';

/**
 * A private Sentinel setup for tests: one primary, one replica and `sentinels` Sentinel processes
 * (`redis-server <conf> --sentinel`, which is what redis-sentinel runs), all on free loopback
 * ports, each in its own temp dir with no persistence. Nothing is fixed: several vitest workers
 * can each run their own.
 *
 * `primary` and `replica` are the roles at the start: after failover() the replica is the
 * primary (currentPrimary() says which is which now).
 */
export interface StartSentinelOptions {
  masterName?: string;
  sentinels?: number;
  /** requirepass and masterauth on both data nodes, and `sentinel auth-pass` for it. */
  password?: string;
  /** requirepass on the sentinels (they use it with each other too). */
  sentinelPassword?: string;
}

export interface TestSentinelSet {
  /** The data node that starts as primary. */
  readonly primary: RedisProcess;
  /** The data node that starts as its replica. */
  readonly replica: RedisProcess;
  readonly sentinels: readonly { host: '127.0.0.1'; port: number }[];
  readonly masterName: string;
  readonly password: string | undefined;
  readonly sentinelPassword: string | undefined;
  /** A sentinel's process on `port`: kill(), restart(), signal(). */
  sentinel(port: number): RedisProcess;
  /** The primary as the first sentinel that answers reports it (SENTINEL GET-MASTER-ADDR-BY-NAME). */
  currentPrimary(): Promise<{ host: string; port: number }>;
  /**
   * SENTINEL FAILOVER, then wait until every running sentinel reports the other data node, that
   * node says role:master, and the old primary (if it runs) replicates from it with its link up.
   *
   * A sentinel turns a still-running old primary into a replica only once it has reported
   * role:master for 8 s (4 × its 2 s hello period) after the switch, and sees that on its next
   * INFO: ~10 s. By default (`demote: 'now'`) the helper sends that same REPLICAOF as soon as the
   * sentinels agree on the new primary; `demote: 'sentinel'` waits for the sentinel to do it.
   */
  failover(options?: { timeoutMs?: number; demote?: 'now' | 'sentinel' }): Promise<void>;
  /** Stop sentinels and data nodes (SIGTERM, waited for) and remove the temp dirs. */
  stop(): Promise<void>;
}

/** A flat [k1, v1, k2, v2, …] reply as an object. */
function fields(flat: unknown): Record<string, string> {
  const list = flat as string[];
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[String(list[i])] = String(list[i + 1]);
  return out;
}

export async function startSentinelSet(options: StartSentinelOptions = {}): Promise<TestSentinelSet> {
  // Up to 3 tries: a port freePorts handed out can be taken by someone else before its process binds it.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (e) {
      if (attempt >= 3 || !isPortClash(e)) throw e;
    }
  }
}

async function startOnce(options: StartSentinelOptions): Promise<TestSentinelSet> {
  const { masterName = 'mymaster', sentinels: count = 3, password, sentinelPassword } = options;
  if (count < 1) throw new Error('at least one sentinel');
  const quorum = Math.floor(count / 2) + 1;
  const root = mkdtempSync(path.join(os.tmpdir(), 'cachescope-sentinel-'));
  const [primaryPort, replicaPort, ...sentinelPorts] = (await freePorts(2 + count)) as [number, number, ...number[]];
  const data = new Map<number, RedisProcess>();
  const watchers = new Map<number, RedisProcess>();
  const askData = (port: number, command: (string | number)[]) => ask(port, command, { password });
  const askSentinel = (port: number, command: (string | number)[]) => ask(port, command, { password: sentinelPassword });
  const liveSentinels = () => [...watchers.values()].filter((p) => p.running && !p.frozen);

  const stop = async () => {
    await Promise.all([...watchers.values()].map((p) => p.halt()));
    await Promise.all([...data.values()].map((p) => p.halt()));
    rmSync(root, { recursive: true, force: true });
  };

  const dirFor = (name: string) => {
    const dir = path.join(root, name);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  const launchData = async (port: number, extra: string[]) => {
    const dir = dirFor(String(port));
    const logFile = path.join(dir, 'redis.log');
    const args = [
      '--port', String(port), '--bind', '127.0.0.1',
      '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile, '--daemonize', 'no',
      // Replicas sync at once, not after the default 5 s wait for more replicas.
      '--repl-diskless-sync-delay', '0',
      // After a failover the old primary replicates from the new one: both need masterauth.
      ...(password ? ['--requirepass', password, '--masterauth', password] : []),
      ...extra,
    ];
    data.set(port, await launchRedis({ args, port, logFile }));
  };

  const launchSentinel = async (port: number) => {
    const dir = dirFor(`sentinel-${port}`);
    const logFile = path.join(dir, 'sentinel.log');
    const conf = path.join(dir, 'sentinel.conf');
    // Sentinel rewrites this file as it learns (it must be writable): it lives in the temp dir.
    const lines = [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `logfile ${logFile}`,
      'daemonize no',
      'sentinel resolve-hostnames yes',
      'sentinel announce-ip 127.0.0.1',
      `sentinel announce-port ${port}`,
      `sentinel monitor ${masterName} 127.0.0.1 ${primaryPort} ${quorum}`,
      `sentinel down-after-milliseconds ${masterName} 1000`,
      `sentinel failover-timeout ${masterName} 5000`,
      ...(password ? [`sentinel auth-pass ${masterName} ${password}`] : []),
      ...(sentinelPassword ? [`requirepass ${sentinelPassword}`] : []),
    ];
    writeFileSync(conf, `${lines.join('\n')}\n`);
    watchers.set(port, await launchRedis({ args: [conf, '--sentinel'], port, logFile }));
  };

  /** Why the sentinel on `port` does not yet know the whole set, or null. */
  const notAcquainted = async (port: number): Promise<string | null> => {
    const master = (await askSentinel(port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName])) as string[] | null;
    if (Number(master?.[1]) !== primaryPort) return `sentinel ${port} reports primary ${master?.join(':')}`;
    const peers = (await askSentinel(port, ['SENTINEL', 'SENTINELS', masterName])) as unknown[];
    if (peers.length !== count - 1) return `sentinel ${port} knows ${peers.length} of ${count - 1} other sentinels`;
    const replicas = ((await askSentinel(port, ['SENTINEL', 'REPLICAS', masterName])) as unknown[]).map(fields);
    const replica = replicas.find((r) => Number(r.port) === replicaPort);
    if (!replica) return `sentinel ${port} does not know the replica yet`;
    if (replica.flags !== 'slave' || replica['master-link-status'] !== 'ok') return `sentinel ${port} sees the replica as ${replica.flags}, link ${replica['master-link-status']}`;
    return null;
  };

  const currentPrimary = async () => {
    let lastError: unknown = new Error('no sentinel is running');
    for (const s of liveSentinels()) {
      try {
        const [host, port] = (await askSentinel(s.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName])) as [string, string];
        return { host, port: Number(port) };
      } catch (e) {
        lastError = e;
      }
    }
    throw lastError;
  };

  try {
    await launchData(primaryPort, []);
    await launchData(replicaPort, ['--replicaof', '127.0.0.1', String(primaryPort)]);
    // Sentinels learn replicas from the primary's INFO, asked every 10 s: start them once the
    // replica is attached, so their first INFO already lists it.
    await pollUntil('replica in sync', 60_000, async () => {
      const info = infoFields(await askData(replicaPort, ['INFO', 'replication']));
      return info.master_link_status === 'up' ? null : `master_link_status:${info.master_link_status}`;
    });
    const failed = (await Promise.allSettled(sentinelPorts.map(launchSentinel))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    await pollUntil('sentinels acquainted', 90_000, async () => {
      for (const port of sentinelPorts) {
        const why = await notAcquainted(port);
        if (why) return why;
      }
      return null;
    });
  } catch (e) {
    await stop();
    throw e;
  }

  const primary = data.get(primaryPort) as RedisProcess;
  const replica = data.get(replicaPort) as RedisProcess;
  return {
    primary,
    replica,
    sentinels: sentinelPorts.map((port) => ({ host: '127.0.0.1', port })),
    masterName,
    password,
    sentinelPassword,
    sentinel(port) {
      const p = watchers.get(port);
      if (!p) throw new Error(`no sentinel on port ${port} (sentinels: ${sentinelPorts.join(', ')})`);
      return p;
    },
    currentPrimary,
    async failover({ timeoutMs = 60_000, demote = 'now' } = {}) {
      const old = (await currentPrimary()).port;
      const target = old === primaryPort ? replicaPort : primaryPort;
      // NOGOODSLAVE (the replica not yet seen fit) passes: ask again. INPROG means a failover is
      // under way already (this one's, if an answer was lost): wait for its outcome below.
      await pollUntil('SENTINEL FAILOVER accepted', timeoutMs, async () => {
        const s = liveSentinels()[0];
        if (!s) return 'no sentinel is running';
        try {
          await askSentinel(s.port, ['SENTINEL', 'FAILOVER', masterName]);
        } catch (e) {
          if (!/INPROG/.test((e as Error).message)) throw e;
        }
        return null;
      }, 500);
      await pollUntil(`failover from ${old} to ${target}`, timeoutMs, async () => {
        for (const s of liveSentinels()) {
          const [, port] = (await askSentinel(s.port, ['SENTINEL', 'GET-MASTER-ADDR-BY-NAME', masterName])) as [string, string];
          if (Number(port) !== target) return `sentinel ${s.port} reports primary ${port}`;
        }
        const promoted = infoFields(await askData(target, ['INFO', 'replication']));
        if (promoted.role !== 'master') return `${target} says role:${promoted.role}`;
        if (data.get(old)?.running) {
          let demoted = infoFields(await askData(old, ['INFO', 'replication']));
          if (demote === 'now' && demoted.role === 'master') {
            await askData(old, ['REPLICAOF', '127.0.0.1', target]);
            demoted = infoFields(await askData(old, ['INFO', 'replication']));
          }
          if (demoted.role !== 'slave' || Number(demoted.master_port) !== target || demoted.master_link_status !== 'up') {
            return `${old} says role:${demoted.role} master_port:${demoted.master_port} master_link_status:${demoted.master_link_status}`;
          }
        }
        return null;
      });
    },
    stop,
  };
}
