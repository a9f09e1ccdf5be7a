#!/usr/bin/env node
/**
 * One analysis in its own process (run with --expose-gc), so its memory is the memory of the
 * process holding the index and nothing else:
 *   tool "cachescope": the core's runAnalysis (out/electron/core/analysis/run-analysis.js),
 *                      path "script" or "pipeline", optional throttle (commands/s); `ports`
 *                      instead of `port`: the primaries of a cluster, scanned as one analysis;
 *   tool "bare":       the obvious ioredis loop: SCAN COUNT 1000, then one pipeline of
 *                      TYPE + PTTL + MEMORY USAGE per key, one batch at a time.
 * Protocol: emits "ready" once connected; on {cmd:"go"} runs; emits "first" when the first
 * page is in, then "result". With loop:true it repeats until {cmd:"stop"} (or maxMs).
 */
import { createRequire } from 'node:module';
import { command, emit, gcNow, mem } from './protocol.mjs';

const require = createRequire(import.meta.url);
const Redis = require('ioredis');
const opts = JSON.parse(process.argv[2]);
const { runAnalysis } = require('../../out/electron/core/analysis/run-analysis.js');

async function bare(client, signal, onPage) {
  let cursor = '0';
  let keys = 0;
  let bytes = 0;
  const types = {};
  do {
    const [next, batch] = await client.scanBuffer(cursor, 'COUNT', 1000);
    cursor = next.toString();
    if (batch.length > 0) {
      const p = client.pipeline();
      for (const k of batch) {
        p.type(k);
        p.pttl(k);
        p.memory('USAGE', k);
      }
      const replies = await p.exec();
      for (let i = 0; i < batch.length; i++) {
        const type = replies[3 * i][1];
        types[type] = (types[type] ?? 0) + 1;
        bytes += Number(replies[3 * i + 2][1] ?? 0);
      }
      keys += batch.length;
      onPage(keys);
    }
  } while (cursor !== '0' && !signal.aborted);
  return { keys, bytes, types };
}

async function once(clients, signal, onFirst) {
  const client = clients[0];
  let first = null;
  let rssPeak = process.memoryUsage.rss();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const page = () => {
    if (first === null) {
      first = performance.now() - t0;
      onFirst(first);
    }
    const rss = process.memoryUsage.rss();
    if (rss > rssPeak) rssPeak = rss;
  };
  let out;
  if (opts.tool === 'bare') {
    const r = await bare(client, signal, page);
    out = { keys: r.keys, state: signal.aborted ? 'cancelled' : 'done', bytes: r.bytes, types: r.types, hold: null };
  } else {
    const r = await runAnalysis(clients, {
      path: opts.path ?? 'script',
      withMemory: opts.withMemory ?? true,
      throttle: opts.throttle ?? null,
      signal,
      onProgress: page,
    });
    out = {
      keys: r.outcome.stats.scanned,
      state: r.outcome.state,
      message: r.outcome.message,
      path: r.outcome.stats.path,
      coreKeysPerSec: r.outcome.stats.keysPerSec,
      reportMs: r.report.durationMs,
      indexed: r.index.live,
      footprint: r.index.footprint(),
      hold: r,
    };
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { ...out, ms, firstMs: first, rssPeak: Math.max(rssPeak, process.memoryUsage.rss()), clientCpuMs: (cpu.user + cpu.system) / 1000 };
}

// `ports`: every primary of a cluster (the core scans them as its Redis target's nodes('primary')).
const clients = (opts.ports ?? [opts.port]).map((port) => new Redis(port, '127.0.0.1', { lazyConnect: true }));
for (const client of clients) {
  client.on('error', () => undefined);
  await client.connect();
  await client.client('SETNAME', `bench:${opts.tool}`);
}
gcNow();
const before = mem();
emit('ready', { mem: before });
await command('go');

const controller = new AbortController();
let timer = null;
if (opts.maxMs) timer = setTimeout(() => controller.abort(), opts.maxMs);
if (opts.loop) command('stop').then(() => controller.abort());
process.on('SIGTERM', () => controller.abort());

let firstSent = false;
const onFirst = (ms) => {
  if (!firstSent) emit('first', { ms });
  firstSent = true;
};
const runs = [];
let held = null;
do {
  const r = await once(clients, controller.signal, onFirst);
  held = r.hold; // keep the latest index alive for the memory reading below
  delete r.hold;
  runs.push(r);
} while (opts.loop && !controller.signal.aborted);
clearTimeout(timer);

gcNow();
const after = mem();
const last = runs[runs.length - 1];
emit('result', {
  ...last,
  iterations: runs.length,
  totalKeys: runs.reduce((s, r) => s + r.keys, 0),
  totalMs: runs.reduce((s, r) => s + r.ms, 0),
  memBefore: before,
  memAfter: after,
  holding: held ? held.index.live : 0,
});
for (const client of clients) client.disconnect();
process.exit(0);
