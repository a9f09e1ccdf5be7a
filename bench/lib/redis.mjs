/**
 * The benchmark's own redis-server: a free loopback port, `--save '' --appendonly no`, a private
 * directory, never 127.0.0.1:6379. `snapshot()` writes the dataset once (uncompressed RDB: fast to
 * load) so destructive runs can start again from the same data with `restart()` instead of
 * re-seeding. A plain RESP client (ioredis, from the project's node_modules) reads INFO.
 */
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { pin } from './pin.mjs';
import { run, start, stop, sleep } from './proc.mjs';

const require = createRequire(import.meta.url);
const Redis = require('ioredis');

const SLOWLOG_LEN = 10_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => (port === 6379 ? freePort().then(resolve, reject) : resolve(port)));
    });
  });
}

export function parseInfo(text) {
  const out = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const at = line.indexOf(':');
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1);
  }
  return out;
}

/** cmdstat_x:calls=1,usec=2,usec_per_call=… → { x: { calls, usec } } */
export function parseCommandStats(info) {
  const out = {};
  for (const [k, v] of Object.entries(info)) {
    if (!k.startsWith('cmdstat_')) continue;
    const f = Object.fromEntries(v.split(',').map((p) => p.split('=')));
    out[k.slice(8)] = { calls: Number(f.calls), usec: Number(f.usec) };
  }
  return out;
}

export class BenchRedis {
  /** `extraArgs`: more redis-server arguments (a cluster node's). */
  constructor(dir, { extraArgs = [] } = {}) {
    this.dir = dir;
    this.extraArgs = extraArgs;
    this.port = 0;
    this.proc = null;
    this.client = null;
    this.dbfilename = 'bench.rdb';
    /** CPUs the server is pinned to after each start (see pin.mjs); null = not pinned. */
    this.cpus = null;
  }

  /** Pin the running server (and every later start) to `cpus`. */
  pinTo(cpus) {
    this.cpus = cpus;
    return this.proc && cpus ? pin(this.proc.pid, cpus) : true;
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start() {
    this.port ||= await freePort();
    const args = [
      '--port', String(this.port), '--bind', '127.0.0.1',
      '--save', '', '--appendonly', 'no',
      '--dir', this.dir, '--dbfilename', this.dbfilename,
      '--rdbcompression', 'no',
      // Record every call of 1 ms or more (µs precision); cheaper calls cost nothing to watch.
      '--slowlog-log-slower-than', '1000', '--slowlog-max-len', String(SLOWLOG_LEN),
      '--latency-monitor-threshold', '1',
      '--logfile', path.join(this.dir, 'redis.log'),
      ...this.extraArgs,
    ];
    this.proc = start('redis-server', args, { stdio: 'ignore' });
    if (this.cpus) pin(this.proc.pid, this.cpus);
    const deadline = Date.now() + 120_000; // loading a 1M-key RDB takes seconds
    for (;;) {
      if (this.proc.exitCode !== null) throw new Error(`redis-server exited (${this.proc.exitCode}); see ${this.dir}/redis.log`);
      const ok = await run('redis-cli', ['-p', String(this.port), 'PING']).then((r) => r.stdout.trim() === 'PONG', () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error('redis-server did not answer PING');
      await sleep(100);
    }
    this.client = new Redis(this.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.client.on('error', () => undefined);
    await this.client.connect();
    await this.client.client('SETNAME', 'bench:observer');
  }

  async stop() {
    this.client?.disconnect();
    this.client = null;
    await stop(this.proc, 'SIGTERM', 10_000);
    this.proc = null;
  }

  /** Write the dataset to the private RDB; returns ms. */
  async snapshot() {
    const t0 = performance.now();
    await this.client.call('SAVE');
    return performance.now() - t0;
  }

  /** Stop and start again on the same port, loading the snapshot; returns load ms. */
  async restart() {
    await this.stop();
    const t0 = performance.now();
    await this.start();
    return performance.now() - t0;
  }

  async info(section = 'all') {
    return parseInfo(await this.client.info(section));
  }

  /** Server CPU seconds so far (main thread + background threads: getrusage of the process). */
  async cpu() {
    const i = await this.info('cpu');
    return Number(i.used_cpu_sys) + Number(i.used_cpu_user);
  }

  async dbsize() {
    return Number(await this.client.dbsize());
  }

  async resetWatch() {
    await this.client.call('SLOWLOG', 'RESET');
    await this.client.call('LATENCY', 'RESET');
  }

  /**
   * The slowest call since resetWatch: SLOWLOG (every call ≥ 1 ms, µs precision) and, in case the
   * slowlog overflowed, the latency monitor's max (ms precision). LATENCY LATEST is read first:
   * SLOWLOG GET of thousands of entries is itself a slow call, and must not count.
   */
  async slowest() {
    const latest = await this.client.call('LATENCY', 'LATEST');
    const entries = await this.client.call('SLOWLOG', 'GET', '-1');
    let maxUs = 0;
    let command = null;
    const durationsUs = [];
    const byCommand = {};
    for (const e of entries) {
      const us = Number(e[2]);
      const name = String(e[3]?.[0] ?? '').toLowerCase();
      if (name === 'slowlog' || name === 'latency' || name === 'save' || name === 'info') continue;
      durationsUs.push(us);
      (byCommand[name] ??= []).push(us);
      if (us > maxUs) {
        maxUs = us;
        command = name;
      }
    }
    durationsUs.sort((a, b) => b - a);
    for (const list of Object.values(byCommand)) list.sort((a, b) => b - a);
    let monitorMs = 0;
    for (const [event, , , max] of latest) if (event === 'command' || event === 'fast-command') monitorMs = Math.max(monitorMs, Number(max));
    // Only when the slowlog lost entries can the monitor know of a slower call than it does.
    if (entries.length >= SLOWLOG_LEN && monitorMs * 1000 > maxUs) {
      maxUs = monitorMs * 1000;
      command = 'unknown (slowlog full; LATENCY max)';
    }
    return { maxUs, command, over1ms: entries.length, latencyMonitorMaxMs: monitorMs, durationsUs, byCommand, complete: entries.length < SLOWLOG_LEN };
  }

  async commandStats() {
    return parseCommandStats(await this.info('commandstats'));
  }

  async flushall() {
    await this.client.call('FLUSHALL');
  }
}

/** Δ of two commandstats snapshots: { cmd: { calls, usec, usecPerCall } } for commands that ran. */
export function commandDelta(before, after) {
  const out = {};
  for (const [cmd, a] of Object.entries(after)) {
    const b = before[cmd] ?? { calls: 0, usec: 0 };
    const calls = a.calls - b.calls;
    if (calls > 0) out[cmd] = { calls, usec: a.usec - b.usec, usecPerCall: Math.round(((a.usec - b.usec) / calls) * 10) / 10 };
  }
  return out;
}
