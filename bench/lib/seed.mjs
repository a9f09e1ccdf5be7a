/**
 * The dataset: `cachescope seed` (electron/workload — the generator the tests use too),
 * N keys of a docs/cache-layouts.md profile, pipelined. `force` loads over existing keys:
 * same-named keys are rewritten with fresh TTLs, so a keyspace that has partly expired
 * (5-minute TTLs) comes back to exactly N keys.
 */
import path from 'node:path';
import { run } from './proc.mjs';

export async function seedDataset(ctx, { force = false } = {}) {
  const args = [path.join(ctx.root, 'bin', 'cachescope.js'), 'seed', '--url', ctx.redis.url, '--profile', ctx.profile, '--keys', String(ctx.keys), '--json', ...(force ? ['--force'] : [])];
  const r = await run(process.execPath, args, { cwd: ctx.root, env: { ...process.env, CACHESCOPE_DATA_DIR: ctx.dataDir } });
  if (r.code !== 0) throw new Error(`cachescope seed failed (${r.code}): ${r.stderr || r.stdout}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
