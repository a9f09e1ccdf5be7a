#!/usr/bin/env node
/**
 * Issue 20's small benchmark (not part of `npm run bench` yet): what key events cost.
 *   node bench/misses.mjs [--runs N] [--requests N]      (needs `npm run build:node`)
 *
 * 1. Server throughput, redis-benchmark SET/GET (-P 16) and a cache-aside loop (GET, on a miss
 *    SET EX; 20 % of reads miss), with notify-keyspace-events "" vs "Emxeg$" and Cachescope's
 *    counter subscribed (the Misses view's path), alternating runs, medians.
 * 2. The subscriber's CPU and RSS while it counts (events/s it received).
 * 3. Memory and speed of the miss-cause record at 1M removed keys.
 * Prints a JSON summary and a markdown table; figures depend on this machine's load (printed).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Redis = require('ioredis');
const { MissCounter } = require(path.join(root, 'out/electron/core/misses/counter.js'));
const { RemovedKeys, REMOVAL } = require(path.join(root, 'out/electron/core/misses/removed-keys.js'));

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 3);
const REQUESTS = arg('requests', 200_000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startServer() {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'misses-bench-'));
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const open = await new Promise((resolve) => {
      const sock = net.connect(port, '127.0.0.1', () => {
        sock.destroy();
        resolve(true);
      });
      sock.on('error', () => resolve(false));
    });
    if (open) break;
    if (i > 100) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const client = new Redis(port, '127.0.0.1');
  client.on('error', () => undefined);
  return {
    port,
    client,
    async stop() {
      client.disconnect();
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Cachescope's subscriber path (psubscribe, every event through MissCounter), in its own process so it takes no CPU from the workload's client. */
async function subscriberChild(port) {
  const sub = new Redis(port, '127.0.0.1');
  sub.on('error', () => undefined);
  const counter = new MissCounter({ delimiter: ':', depth: 2, fold: null, collapseIds: true }, 1_000_000);
  let events = 0;
  const prefix = '__keyevent@0__:'.length;
  sub.on('pmessageBuffer', (_p, channel, key) => {
    events++;
    counter.add(channel.toString('latin1', prefix), key, Date.now());
  });
  await sub.psubscribe('__keyevent@0__:*');
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  process.stdout.write('ready\n');
  process.stdin.once('data', async () => {
    await sub.ping();
    const cpu = process.cpuUsage(cpu0);
    const sec = (performance.now() - t0) / 1000;
    sub.disconnect();
    process.stdout.write(`${JSON.stringify({ events, eventsPerSec: events / sec, cpuPct: ((cpu.user + cpu.system) / 1e6 / sec) * 100, rssMB: process.memoryUsage().rss / 1e6 })}\n`);
    process.exit(0);
  });
}

async function subscribe(port) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--subscriber', String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
  await new Promise((resolve) => {
    const check = () => out.includes('ready\n') && resolve();
    child.stdout.on('data', check);
  });
  return {
    async stop() {
      child.stdin.write('stop\n');
      await new Promise((r) => child.once('exit', r));
      return JSON.parse(out.split('\n')[1]);
    },
  };
}

/** redis-server's CPU seconds and commands so far (INFO cpu, stats). */
async function serverCounters(client) {
  const info = await client.info();
  const f = (k) => Number(new RegExp(`^${k}:([\\d.]+)`, 'm').exec(info)[1]);
  return { cpu: f('used_cpu_user') + f('used_cpu_sys'), commands: f('total_commands_processed') };
}

function redisBenchmark(port) {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-t', 'set,get', '-n', String(REQUESTS), '-P', '16', '-r', '100000', '-q', '--csv'], { encoding: 'utf8' });
  const rps = {};
  for (const line of out.trim().split('\n').slice(1)) {
    const [test, r] = line.split(',').map((x) => x.replaceAll('"', ''));
    rps[test] = Number(r);
  }
  return rps;
}

/** Cache-aside: GET; on a miss SET with a TTL. Pipelines of 50 lookups; ops/s over `ms`. */
async function cacheAside(client, ms) {
  let ops = 0;
  let n = 0;
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const keys = [];
    for (let i = 0; i < 50; i++) keys.push(`item:${(n++ * 7919) % 50_000}:${Math.random() < 0.2 ? n : 0}`);
    const got = await client.mget(...keys);
    ops += keys.length;
    const p = client.pipeline();
    got.forEach((v, i) => {
      if (v === null) p.set(keys[i], 'v'.repeat(100), 'EX', 60);
    });
    const r = await p.exec();
    ops += r.length;
  }
  return ops / (ms / 1000);
}

function recordMemory() {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const r = new RemovedKeys(1_000_000);
  const t0 = performance.now();
  for (let i = 0; i < 1_000_000; i++) r.remember(Buffer.from(`user:${i}:profile`), REMOVAL.expired, i);
  const fillMs = performance.now() - t0;
  const t1 = performance.now();
  let found = 0;
  for (let i = 0; i < 1_000_000; i++) if (r.lookup(Buffer.from(`user:${i}:profile`))) found++;
  const lookupMs = performance.now() - t1;
  const after = process.memoryUsage();
  return { keys: 1_000_000, found, bytesDeclared: r.bytes, arrayBuffersMB: (after.arrayBuffers - before.arrayBuffers) / 1e6, rssDeltaMB: (after.rss - before.rss) / 1e6, nsPerRemember: (fillMs * 1e6) / 1e6, nsPerLookup: (lookupMs * 1e6) / 1e6 };
}

if (process.argv.includes('--subscriber')) {
  await subscriberChild(Number(process.argv[process.argv.indexOf('--subscriber') + 1]));
} else {
const server = await startServer();
const rows = { off: [], on: [] };
const subs = [];
try {
  for (let run = 0; run < RUNS; run++) {
    for (const mode of run % 2 ? ['on', 'off'] : ['off', 'on']) {
      await server.client.flushall();
      await server.client.config('SET', 'notify-keyspace-events', mode === 'on' ? 'Emxeg$' : '');
      const sub = mode === 'on' ? await subscribe(server.port) : null;
      const c0 = await serverCounters(server.client);
      const rb = redisBenchmark(server.port);
      const ca = await cacheAside(server.client, 5000);
      const c1 = await serverCounters(server.client);
      if (sub) subs.push(await sub.stop());
      rows[mode].push({ set: rb.SET, get: rb.GET, cacheAside: ca, serverCpuUsPerCommand: ((c1.cpu - c0.cpu) * 1e6) / (c1.commands - c0.commands) });
    }
  }
} finally {
  await server.client.config('SET', 'notify-keyspace-events', '').catch(() => undefined);
  await server.stop();
}
const med = (mode, k) => median(rows[mode].map((r) => r[k]));
const summary = {
  load: os.loadavg(),
  cpus: os.cpus().length,
  runs: RUNS,
  throughput: Object.fromEntries(['set', 'get', 'cacheAside', 'serverCpuUsPerCommand'].map((k) => [k, { off: med('off', k), on: med('on', k), change: med('on', k) / med('off', k) - 1 }])),
  subscriber: { eventsPerSec: median(subs.map((s) => s.eventsPerSec)), cpuPct: median(subs.map((s) => s.cpuPct)), rssMB: Math.max(...subs.map((s) => s.rssMB)) },
  record: recordMemory(),
  raw: rows,
};
console.log(JSON.stringify(summary, null, 2));
const pct = (x) => `${(x * 100).toFixed(1)} %`;
console.log('\n| figure | events off | events on (Cachescope subscribed) | change |\n|---|---|---|---|');
for (const [k, v] of Object.entries(summary.throughput)) console.log(`| ${k} | ${v.off.toFixed(k === 'serverCpuUsPerCommand' ? 2 : 0)} | ${v.on.toFixed(k === 'serverCpuUsPerCommand' ? 2 : 0)} | ${pct(v.change)} |`);
}
