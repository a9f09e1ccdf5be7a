/**
 * Server work per key, counted rather than timed: a private redis-server under valgrind's
 * callgrind, and the user-space instructions it executes while each analysis tool reads the
 * same keys (TYPE + PTTL + MEMORY USAGE for every key). Instruction counts repeat to within a
 * fraction of a percent whatever else the machine does, which CPU seconds on a shared 2-core
 * machine do not (±10 % between runs). What they leave out: the kernel's share (socket reads
 * and writes), which the time-based "server CPU" figure includes — a pipeline sends three
 * commands per key through the socket, a script one call per page.
 *
 * The server runs ~50× slower under callgrind, so this uses its own smaller dataset
 * (a tenth of the keys, same profile); instrumentation is on only while a tool runs.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { analysisWorker } from './analysis.mjs';
import { freePort } from '../lib/redis.mjs';
import { run, start, stop, sleep } from '../lib/proc.mjs';
import { seedDataset } from '../lib/seed.mjs';

const TOOLS = [
  { id: 'cachescope', opts: { tool: 'cachescope', path: 'script' } },
  { id: 'cachescopePipeline', opts: { tool: 'cachescope', path: 'pipeline' } },
  { id: 'bare', opts: { tool: 'bare' } },
];

async function has(cmd) {
  return run('sh', ['-c', `command -v ${cmd}`]).then((r) => r.code === 0, () => false);
}

const dumps = (dir) => readdirSync(dir).filter((f) => f.startsWith('cg.'));

/** The instruction total of a dump in `dir` that was not there `before`, or null (not written yet). */
function newDumpTotal(dir, before) {
  const fresh = dumps(dir).filter((f) => !before.includes(f));
  if (fresh.length === 0) return null;
  const m = /^(?:summary|totals): (\d+)/m.exec(readFileSync(path.join(dir, fresh[0]), 'utf8'));
  return m ? Number(m[1]) : null;
}

export async function instructionsSuite(ctx) {
  for (const cmd of ['valgrind', 'callgrind_control']) if (!(await has(cmd))) return { skipped: `${cmd} is not installed` };
  const dir = path.join(ctx.tmp, 'callgrind');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const keys = Math.max(10_000, Math.round(ctx.keys / 10));
  const server = start(
    'valgrind',
    ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${dir}/cg.%p`, 'redis-server', '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', ctx.tmp, '--dbfilename', 'callgrind.rdb'],
    { stdio: 'ignore' },
  );
  const control = (...args) => run('callgrind_control', [...args, String(server.pid)]);
  try {
    for (let i = 0; ; i++) {
      if (server.exitCode !== null) throw new Error('redis-server under valgrind exited');
      if ((await run('redis-cli', ['-p', String(port), 'PING'])).stdout.trim() === 'PONG') break;
      if (i > 300) throw new Error('redis-server under valgrind did not answer PING');
      await sleep(200);
    }
    const redis = { port, url: `redis://127.0.0.1:${port}` };
    await seedDataset({ ...ctx, redis, keys });
    await control('-i', 'on');
    const out = { keys, tools: {} };
    for (const tool of TOOLS) {
      await control('-z');
      const { w } = await analysisWorker({ ...ctx, redis }, tool.opts);
      w.send({ cmd: 'go' });
      const r = await w.next('result');
      await w.done();
      const before = dumps(dir);
      await control('-d');
      // The dump is written by the valgrind'd process, a moment after the request.
      let total = null;
      for (let i = 0; i < 100 && total === null; i++) {
        await sleep(200);
        total = newDumpTotal(dir, before);
      }
      if (total === null) throw new Error('callgrind wrote no dump');
      out.tools[tool.id] = { keys: r.keys, instructions: total, perKey: Math.round(total / r.keys) };
      ctx.log(`instructions ${tool.id}: ${r.keys} keys, ${total} instructions = ${Math.round(total / r.keys)} per key`);
    }
    return out;
  } finally {
    await stop(server, 'SIGTERM', 30_000);
    rmSync(dir, { recursive: true, force: true });
  }
}
