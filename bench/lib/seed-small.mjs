/**
 * A dataset of N keys with small values, for the scale curve (100k → 1M → 10M keys on one
 * node): the layouts' shapes of docs/cache-layouts.md — namespaces with ids, mostly strings, some
 * hashes, sets, sorted sets and lists, TTLs from 1 h to 7 days and one key in five without —
 * but 8–64-byte values, so 10M keys take ~1.5 GB in Redis instead of the `all` profile's ~16 GB.
 * TTLs of an hour or more keep the keyspace whole for the length of a run.
 *
 * The fastest path there is: the RESP of every command generated here and streamed into
 * `redis-cli --pipe` (no reply is awaited per batch; ~1M commands/s), deterministic for a seed.
 */
import { start } from './proc.mjs';

/** mulberry32 */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3600;
const hex = (rnd, n) => {
  let s = '';
  while (s.length < n) s += Math.floor(rnd() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
};
const word = (rnd, n) => {
  const a = 'abcdefghijklmnopqrstuvwxyz';
  let s = '';
  for (let i = 0; i < n; i++) s += a[Math.floor(rnd() * 26)];
  return s;
};

/** Key patterns (weight out of 100): name(i, rnd) and the commands that write it. */
const SPECS = [
  { w: 30, name: (i, r) => `session:${hex(r, 16)}${i.toString(36)}`, write: (k, r) => [['SET', k, word(r, 24)]] },
  { w: 20, name: (i) => `product:${i}:page`, write: (k, r) => [['SET', k, word(r, 48)]] },
  { w: 12, name: (i, r) => `cache:api:v1:${hex(r, 12)}${i.toString(36)}`, write: (k, r) => [['SET', k, word(r, 32)]] },
  { w: 10, name: (i) => `rate:10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:${i >> 24}`, write: (k, r) => [['SET', k, String(Math.floor(r() * 1000))]] },
  { w: 8, name: (i) => `user:${i}:profile`, write: (k, r) => [['HSET', k, 'name', word(r, 8), 'plan', word(r, 4)]] },
  { w: 6, name: (i) => `course:${i}:enrollments`, write: (k, r) => [['SADD', k, String(Math.floor(r() * 1e6)), String(Math.floor(r() * 1e6)), String(Math.floor(r() * 1e6))]] },
  { w: 6, name: (i) => `feed:${i}:ranking`, write: (k, r) => [['ZADD', k, '1', word(r, 6), '2', word(r, 6), '3', word(r, 6)]] },
  { w: 4, name: (i) => `queue:jobs:${i}`, write: (k, r) => [['RPUSH', k, word(r, 12), word(r, 12)]] },
  { w: 4, name: (i) => `flag:${word(() => ((i * 2654435761) >>> 0) / 4294967296, 6)}:${i}`, write: (k) => [['SET', k, '1']] },
];
const PICK = SPECS.flatMap((s, n) => Array(s.w).fill(n));

function resp(args) {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return out;
}

/** Write N keys into the server on `port` (an empty db ends with exactly N keys); resolves with what redis-cli --pipe said. */
export async function seedSmall(port, keys, { seed = 1 } = {}) {
  const rnd = prng(seed);
  const t0 = performance.now();
  const child = start('redis-cli', ['-p', String(port), '--pipe'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  const done = new Promise((resolve) => child.once('close', (code) => resolve(code)));
  let chunk = '';
  for (let i = 0; i < keys; i++) {
    const spec = SPECS[PICK[i % 100]];
    const key = spec.name(i, rnd);
    for (const cmd of spec.write(key, rnd)) chunk += resp(cmd);
    // One key in five without TTL; the rest 1 h to 7 days.
    if (i % 5 !== 0) chunk += resp(['EXPIRE', key, String(HOUR + Math.floor(rnd() * 167 * HOUR))]);
    if (chunk.length > 1 << 20) {
      if (!child.stdin.write(chunk)) await new Promise((r) => child.stdin.once('drain', r));
      chunk = '';
    }
  }
  child.stdin.end(chunk);
  const code = await done;
  const m = /errors: (\d+), replies: (\d+)/.exec(output);
  if (code !== 0 || !m || Number(m[1]) > 0) throw new Error(`redis-cli --pipe failed (${code}): ${output.slice(-2000)}`);
  const ms = performance.now() - t0;
  return { keys, commands: Number(m[2]), ms: Math.round(ms), keysPerSec: Math.round(keys / (ms / 1000)), profile: 'small values (bench/lib/seed-small.mjs)', seed };
}
