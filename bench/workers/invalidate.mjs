#!/usr/bin/env node
/**
 * An invalidation by pattern through the core (executeInvalidate: SCAN MATCH + UNLINK in
 * batches, the path `cachescope invalidate --yes` takes after its preview), for the runs where
 * the orchestrator must know the moment deletion starts (to probe the server meanwhile) and
 * be able to stop it (a throttled run, or one writing an undo file, over a fixed window). Emits "ready", waits for "go",
 * emits "first" after the first batch, then "result". Stops early on {cmd:"stop"} or maxMs.
 */
import { createRequire } from 'node:module';
import { command, emit } from './protocol.mjs';

const require = createRequire(import.meta.url);
const Redis = require('ioredis');
const opts = JSON.parse(process.argv[2]);
const { executeInvalidate } = require('../../out/electron/core/actions/execute-invalidate.js');
const { resolveTarget } = require('../../out/electron/core/actions/target.js');
const { ReadLedger } = require('../../out/electron/core/metrics/read-ledger.js');

const client = new Redis(opts.port, '127.0.0.1', { lazyConnect: true });
client.on('error', () => undefined);
await client.connect();
await client.client('SETNAME', 'bench:invalidate');
const env = { nodes: [client], client, ledger: new ReadLedger(), groupKeys: (keys) => (keys.length ? [keys] : []) };
const target = resolveTarget({ kind: 'pattern', pattern: { utf8: opts.pattern } });
emit('ready');
await command('go');

const controller = new AbortController();
const timer = opts.maxMs ? setTimeout(() => controller.abort(), opts.maxMs) : null;
command('stop').then(() => controller.abort());
process.on('SIGTERM', () => controller.abort());

let first = false;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const undo = opts.undo
  ? {
      file: opts.undo,
      header: { format: 'cachescope-undo', version: 1, createdAt: Date.now(), connectionId: 'bench', connectionName: 'bench', server: `127.0.0.1:${opts.port}`, db: 0, description: `pattern ${JSON.stringify(opts.pattern)}` },
      limitBytes: Infinity,
    }
  : null;
const outcome = await executeInvalidate(env, target, {
  undo,
  ...(opts.throttle ? { throttle: opts.throttle } : {}),
  signal: controller.signal,
  onProgress: () => {
    if (!first) emit('first', { ms: performance.now() - t0 });
    first = true;
  },
});
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearTimeout(timer);
emit('result', { ms, state: outcome.end.state, deleted: outcome.counters.deleted, scanned: outcome.counters.scanned, clientCpuMs: (cpu.user + cpu.system) / 1000, undo: outcome.undo?.meta ?? null });
client.disconnect();
process.exit(0);
