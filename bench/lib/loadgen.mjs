/**
 * `redis-benchmark -t set,get` as a probe of the server's capacity while something else runs:
 * short invocations back to back (each a SET test then a GET test, 50 clients, 3-byte values),
 * each one timestamped. Only the invocations that ran entirely inside the window of the work
 * being judged count; their median requests/s is the throughput "during" it.
 */
import { run } from './proc.mjs';
import { median } from './stats.mjs';

function parseCsv(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    if (cells[0] === 'SET' || cells[0] === 'GET') out[cells[0].toLowerCase()] = { rps: Number(cells[1]), avgMs: Number(cells[2]), p99Ms: Number(cells[6]), maxMs: Number(cells[7]) };
  }
  return out;
}

export async function benchOnce(port, requests) {
  const t0 = performance.now();
  const r = await run('redis-benchmark', ['-p', String(port), '-t', 'set,get', '-n', String(requests), '-q', '--csv']);
  const t1 = performance.now();
  const parsed = parseCsv(r.stdout);
  if (!parsed.set || !parsed.get) throw new Error(`redis-benchmark failed: ${r.stderr || r.stdout}`);
  return { t0, t1, ...parsed };
}

/** Invocations back to back until stop() (which waits for the one in progress). */
export function benchLoop(port, requests) {
  let running = true;
  const slices = [];
  const loop = (async () => {
    while (running) slices.push(await benchOnce(port, requests));
  })();
  return {
    slices,
    async stop() {
      running = false;
      await loop;
      return slices;
    },
  };
}

/** Figures of the slices lying wholly in [from, to] (performance.now() times). */
export function within(slices, from, to) {
  const inside = slices.filter((s) => s.t0 >= from && s.t1 <= to);
  return {
    slices: inside.length,
    setRps: median(inside.map((s) => s.set.rps)),
    getRps: median(inside.map((s) => s.get.rps)),
    rps: median(inside.map((s) => (s.set.rps + s.get.rps) / 2)),
    p99Ms: median(inside.map((s) => Math.max(s.set.p99Ms, s.get.p99Ms))),
    raw: inside.map((s) => ({ set: s.set.rps, get: s.get.rps, p99: Math.max(s.set.p99Ms, s.get.p99Ms) })),
  };
}
