/**
 * Renderer heap and long tasks: scripts/bench-renderer.mjs (Chromium via Playwright against
 * `cachescope serve`, live charts at 1 s polls), run as is. It brings its own redis-server and
 * writes its own bench/results/renderer-<time>.json; its printed JSON is embedded here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { start, stop } from '../lib/proc.mjs';

export async function rendererSuite(ctx) {
  const script = path.join(ctx.root, 'scripts', 'bench-renderer.mjs');
  if (!existsSync(script)) return { skipped: 'scripts/bench-renderer.mjs is not there' };
  const args = [script, ...(ctx.quick ? ['--quick'] : ['--minutes', String(ctx.rendererMinutes)])];
  const minutes = ctx.quick ? 1 : ctx.rendererMinutes;
  const child = start(process.execPath, args, { cwd: ctx.root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => {
    for (const line of d.split('\n')) if (line.trim()) ctx.log(line.trim());
  });
  const limit = setTimeout(() => stop(child), (minutes + 4) * 60_000);
  const code = await new Promise((resolve) => child.once('close', (c, s) => resolve(c ?? s)));
  clearTimeout(limit);
  const at = stdout.indexOf('{');
  if (code !== 0 || at < 0) return { failed: `bench-renderer exited ${code}`, output: stdout.slice(-2000) };
  try {
    return { args: args.slice(1), ...JSON.parse(stdout.slice(at)) };
  } catch {
    return { failed: 'could not parse bench-renderer output', output: stdout.slice(-2000) };
  }
}
