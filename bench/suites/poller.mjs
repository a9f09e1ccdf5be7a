/**
 * The dashboard's poller (out/electron/core/metrics/poller.js: PING + INFO all per poll), polled
 * back to back on its own connection against the benchmark server (1M keys, its commandstats
 * filled by the runs before): server CPU per poll (Δ CPU minus the idle rate; and the
 * commandstats time of PING + INFO), bytes on the wire per poll (the socket's counters), and
 * the poll's round trip including the parse and derive in the client.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { commandDelta } from '../lib/redis.mjs';
import { round, summarize } from '../lib/stats.mjs';

export async function pollerSuite(ctx) {
  const require = createRequire(path.join(ctx.root, 'package.json'));
  const Redis = require('ioredis');
  const { Poller } = require('./out/electron/core/metrics/poller.js');
  const client = new Redis(ctx.redis.port, '127.0.0.1', { lazyConnect: true });
  client.on('error', () => undefined);
  await client.connect();
  let samples = 0;
  // One standalone node: the watch the core's StandaloneTarget gives the poller.
  const watch = async () => ({ perNode: false, promotion: 'switch-master', nodes: [{ address: `127.0.0.1:${ctx.redis.port}`, role: 'primary', client, slots: null }], cluster: null, dialled: (a) => a });
  const poller = new Poller({ connectionId: 'bench', client, watch, intervalMs: 1000, onSample: () => samples++, onFailure: (e) => ctx.log(`poll failed: ${e}`) });
  try {
    for (let i = 0; i < 5; i++) await poller.pollOnce(); // warm up (first sample has no rates)
    const polls = ctx.quick ? 100 : 500;
    const socket = client.stream;
    const in0 = socket.bytesRead;
    const out0 = socket.bytesWritten;
    const stats0 = await ctx.redis.commandStats();
    const cpu0 = await ctx.redis.cpu();
    const cpuClient0 = process.cpuUsage();
    const t0 = performance.now();
    const each = [];
    for (let i = 0; i < polls; i++) {
      const s = performance.now();
      await poller.pollOnce();
      each.push(performance.now() - s);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpuClient = process.cpuUsage(cpuClient0);
    const cpu1 = await ctx.redis.cpu();
    const stats1 = await ctx.redis.commandStats();
    const bytesIn = socket.bytesRead - in0;
    const bytesOut = socket.bytesWritten - out0;
    const delta = commandDelta(stats0, stats1);
    // The observer's own INFO cpu / commandstats calls are in the Δ; they are not the poller's.
    const pollUsec = (delta.ping?.usec ?? 0) + (delta.info?.usec ?? 0) * (polls / Math.max(polls, delta.info?.calls ?? polls));
    const cpuNet = Math.max(0, cpu1 - cpu0 - ctx.idle.cpuPerSec * seconds);
    const wall = summarize(each);
    return {
      polls,
      samples,
      serverCpuUsPerPoll: round((cpuNet / polls) * 1e6, 1),
      serverCpuRawUsPerPoll: round(((cpu1 - cpu0) / polls) * 1e6, 1),
      commandUsPerPoll: round(pollUsec / polls, 1),
      infoUsPerCall: delta.info?.usecPerCall ?? null,
      bytesInPerPoll: Math.round(bytesIn / polls),
      bytesOutPerPoll: Math.round(bytesOut / polls),
      pollMs: { median: round(wall.median, 2), min: round(wall.min, 2), max: round(wall.max, 2), n: wall.n },
      clientCpuUsPerPoll: round(((cpuClient.user + cpuClient.system) / polls), 1),
      note: 'INFO all size grows with commandstats/errorstats/latencystats entries; measured after the analysis runs',
    };
  } finally {
    poller.stop();
    client.disconnect();
  }
}
