/**
 * Run a command to completion and say what it cost the machine on the client side: wall time
 * (spawn to exit, as the user waits), its CPU time (user + sys of the process and its children,
 * from GNU time's getrusage) and its peak RSS. Without /usr/bin/time the CPU figures are null.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { run } from './proc.mjs';

const TIME = '/usr/bin/time';
let seq = 0;

export async function runTimed(cmd, args, options = {}) {
  if (!existsSync(TIME)) {
    const r = await run(cmd, args, options);
    return { ...r, userS: null, sysS: null, cpuS: null, maxRssKB: null };
  }
  const out = path.join(os.tmpdir(), `cachescope-bench-time-${process.pid}-${seq++}.txt`);
  try {
    const r = await run(TIME, ['-o', out, '-f', '%U %S %M', cmd, ...args], options);
    const [userS, sysS, maxRssKB] = readFileSync(out, 'utf8').trim().split('\n').pop().split(/\s+/).map(Number);
    return { ...r, userS, sysS, cpuS: Math.round((userS + sysS) * 100) / 100, maxRssKB };
  } finally {
    rmSync(out, { force: true });
  }
}
