#!/usr/bin/env node
/**
 * One measurement for the `ssh` section in its own process, so its CPU (process.cpuUsage) is the
 * client's alone — through the tunnel that includes ssh2's encryption, which runs in this process
 * as it would in Cachescope's main process. The client is made by the core's own
 * redisOptionsFor (out/electron/core/redis/options.js): with `ssh` set, its Connector is the
 * tunnel's, exactly as for a saved profile.
 *   mode "poll":     `polls` back-to-back polls (the core's Poller: PING + INFO all) after 5 warm-ups;
 *   mode "analysis": one full analysis (runAnalysis, page script, with MEMORY USAGE, no throttle).
 * Protocol: emits "ready" once connected; on {cmd:"go"} measures, emits "result", and exits.
 */
import { createRequire } from 'node:module';
import { command, emit } from './protocol.mjs';

const require = createRequire(import.meta.url);
const Redis = require('ioredis');
const { resolveInput } = require('../../out/electron/core/profile/profile.js');
const { redisOptionsFor } = require('../../out/electron/core/redis/options.js');
const { closeAllTunnels } = require('../../out/electron/core/ssh/connector.js');
const { Poller } = require('../../out/electron/core/metrics/poller.js');
const { runAnalysis } = require('../../out/electron/core/analysis/run-analysis.js');
const opts = JSON.parse(process.argv[2]);

const input = {
  name: 'bench',
  host: '127.0.0.1', // through SSH: resolved on the SSH host, the same loopback here
  port: opts.port,
  connectTimeoutMs: 10_000,
  ...(opts.ssh ? { ssh: { enabled: true, host: opts.ssh.host, port: opts.ssh.port, username: opts.ssh.username, auth: 'key', keyFile: opts.ssh.keyFile } } : {}),
};
const { profile } = resolveInput(input);
if (profile.ssh) profile.ssh.knownHostsFile = opts.ssh.knownHostsFile;
const client = new Redis(redisOptionsFor(profile, opts.mode === 'poll' ? 'poll' : 'scan'));
client.on('error', () => undefined);
await client.connect();
await client.ping();
emit('ready');
await command('go');

let result;
if (opts.mode === 'poll') {
  const poller = new Poller({ connectionId: 'bench', client, nodes: async () => [client], intervalMs: 1000, onSample: () => undefined });
  for (let i = 0; i < 5; i++) await poller.pollOnce(); // warm up (the first sample has no rates)
  const each = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < opts.polls; i++) {
    const s = performance.now();
    await poller.pollOnce();
    each.push(performance.now() - s);
  }
  const cpu = process.cpuUsage(cpu0);
  poller.stop();
  result = { polls: opts.polls, each, clientCpuMs: (cpu.user + cpu.system) / 1000 };
} else {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await runAnalysis([client], { path: 'script', withMemory: true, throttle: null, signal: new AbortController().signal, onProgress: () => undefined });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  result = { keys: r.outcome.stats.scanned, state: r.outcome.state, ms, clientCpuMs: (cpu.user + cpu.system) / 1000 };
}
client.disconnect();
await closeAllTunnels();
emit('result', result);
process.exit(0);
