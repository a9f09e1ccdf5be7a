/**
 * What the dashboard's poll costs the server (issue 18): the built Poller
 * (out/electron/core/metrics/poller.js — 5 PINGs for a median round trip, INFO all with its
 * commandstats and latencystats sections, LATENCY HISTOGRAM), polled back to back on its own
 * connection against its own redis-server that has seen a realistic command mix (40 distinct
 * commands, so INFO commandstats/latencystats and the histograms are not trivially small).
 * Back to back, server CPU per poll is the server CPU per second of polling at 1 s; target
 * ≤ 1 ms. Before each poll one call of each command, so every one is active and LATENCY
 * HISTOGRAM is asked for all of them (its worst case); that traffic's own time is subtracted. Also each part's commandstats time, and the same with LATENCY HISTOGRAM refused
 * (an ACL user without it: commandstats only), to say what the histograms add.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { BenchRedis, commandDelta } from '../lib/redis.mjs';
import { round, summarize } from '../lib/stats.mjs';

const TARGET_US_PER_POLL = 1000;

/** A mix of commands that leaves 40-odd entries in commandstats, latencystats and the histograms. */
async function mix(client, rounds = 200) {
  const p = client.pipeline();
  for (let i = 0; i < rounds; i++) {
    p.set(`k:${i}`, 'v'.repeat(100)).get(`k:${i}`).mget(`k:${i}`, `k:${i + 1}`).incr(`n:${i}`).expire(`k:${i}`, 3600).ttl(`k:${i}`).exists(`k:${i}`);
    p.hset(`h:${i}`, 'f', 'v').hget(`h:${i}`, 'f').hgetall(`h:${i}`).hdel(`h:${i}`, 'x');
    p.sadd(`s:${i}`, 'a').smembers(`s:${i}`).sismember(`s:${i}`, 'a').scard(`s:${i}`);
    p.zadd(`z:${i}`, 1, 'a').zrange(`z:${i}`, 0, -1).zscore(`z:${i}`, 'a').zcard(`z:${i}`);
    p.lpush(`l:${i}`, 'a').lrange(`l:${i}`, 0, -1).llen(`l:${i}`).rpop(`l:${i}`);
    p.type(`k:${i}`).pttl(`k:${i}`).strlen(`k:${i}`).append(`k:${i}`, 'x').getrange(`k:${i}`, 0, 3).setex(`e:${i}`, 60, 'v').psetex(`pe:${i}`, 60000, 'v');
    p.unlink(`u:${i}`).del(`d:${i}`).decr(`n:${i}`).incrby(`n:${i}`, 2).mset(`m:${i}`, 'v').getset(`m:${i}`, 'w').setnx(`nx:${i}`, 'v').persist(`k:${i}`);
  }
  await p.exec();
}

async function measure(idleCpuPerSec, Poller, Redis, server, { user, polls, traffic }) {
  const client = new Redis({ port: server.port, host: '127.0.0.1', lazyConnect: true, ...(user ? { username: user, password: 'pw' } : {}) });
  client.on('error', () => undefined);
  await client.connect();
  const watch = async () => ({ perNode: false, promotion: 'switch-master', nodes: [{ address: `127.0.0.1:${server.port}`, role: 'primary', client, slots: null }], cluster: null, dialled: (a) => a });
  let failures = 0;
  const poller = new Poller({ connectionId: 'bench', client, watch, intervalMs: 1000, onSample: () => undefined, onFailure: () => failures++ });
  try {
    for (let i = 0; i < 5; i++) await poller.pollOnce(); // warm up: baselines, histograms known
    const last = await poller.pollOnce();
    const stats0 = await server.commandStats();
    const cpu0 = await server.cpu();
    const t0 = performance.now();
    const each = [];
    for (let i = 0; i < polls; i++) {
      // One call of each of the 40-odd commands before each poll: every one is active, so
      // LATENCY HISTOGRAM is asked for all of them (its worst case). Their own time is subtracted.
      await mix(traffic, 1);
      const s = performance.now();
      await poller.pollOnce();
      each.push(performance.now() - s);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = await server.cpu();
    const stats1 = await server.commandStats();
    const delta = commandDelta(stats0, stats1);
    const usec = (name) => round((delta[name]?.usec ?? 0) / polls, 1);
    const POLL = new Set(['ping', 'info', 'latency|histogram']);
    // commandstats of the traffic (and the observer's own INFO/commandstats) are not the poll's.
    const otherUsec = Object.entries(delta).reduce((a, [name, d]) => a + (POLL.has(name) ? 0 : d.usec), 0);
    const cpuNet = Math.max(0, cpu1 - cpu0 - idleCpuPerSec * seconds - otherUsec / 1e6);
    const wall = summarize(each);
    return {
      polls,
      failures,
      source: last?.serverLatency?.source ?? null,
      commandsMeasured: Object.keys(last?.serverLatency?.commands ?? {}).length,
      serverCpuUsPerPoll: round((cpuNet / polls) * 1e6, 1),
      trafficUsPerPoll: round(otherUsec / polls, 1),
      commandUsPerPoll: { ping: usec('ping'), info: usec('info'), latencyHistogram: usec('latency|histogram') },
      pollMs: { median: round(wall.median, 2), max: round(wall.max, 2) },
    };
  } finally {
    poller.stop();
    client.disconnect();
  }
}

export async function pollCostSuite(ctx) {
  const require = createRequire(path.join(ctx.root, 'package.json'));
  const Redis = require('ioredis');
  const { Poller } = require('./out/electron/core/metrics/poller.js');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cachescope-poll-cost-'));
  const server = new BenchRedis(dir);
  try {
    await server.start();
    const load = new Redis(server.port, '127.0.0.1');
    load.on('error', () => undefined);
    await mix(load);
    await load.call('ACL', 'SETUSER', 'nohistogram', 'on', '>pw', '~*', '+@all', '-latency');
    // The server's idle CPU (cron) over 2 s, subtracted from the polls' figure.
    const c0 = await server.cpu();
    const i0 = performance.now();
    await new Promise((r) => setTimeout(r, 2000));
    const idleCpuPerSec = ((await server.cpu()) - c0) / ((performance.now() - i0) / 1000);
    const polls = ctx.quick ? 200 : 500;
    const full = await measure(idleCpuPerSec, Poller, Redis, server, { polls, traffic: load });
    const withoutHistogram = await measure(idleCpuPerSec, Poller, Redis, server, { user: 'nohistogram', polls, traffic: load });
    load.disconnect();
    return {
      full,
      withoutHistogram,
      idleServerCpuUsPerSec: round(idleCpuPerSec * 1e6, 1),
      targetUsPerPoll: TARGET_US_PER_POLL,
      meetsTarget: full.serverCpuUsPerPoll <= TARGET_US_PER_POLL,
      note: 'back to back: server CPU per poll = server CPU per second of polling at a 1 s interval',
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
