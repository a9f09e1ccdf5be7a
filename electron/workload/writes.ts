import type { KeySpec } from './profiles';
import type { CommandSink } from './resp';
import { createRng, hashString, mix32, type Rng } from './random';
import { docJson, flatDoc, jsonValue, memberOf } from './values';

/**
 * The writes that put one key of a spec into Redis — the "load from the database, then cache"
 * half of cache-aside, shared by the seeder and the workload. Values are a pure function of
 * (seed, spec, id): the same seed always yields the same dataset.
 */

const nameHashes = new Map<string, number>();
function nameHash(spec: KeySpec): number {
  let h = nameHashes.get(spec.name);
  if (h === undefined) nameHashes.set(spec.name, (h = hashString(spec.name)));
  return h;
}

export function keyRng(spec: KeySpec, n: number, seed: number): Rng {
  return createRng(mix32(seed, nameHash(spec), n));
}

/** The key's TTL in milliseconds (null: no expiry), stable for a key whatever its value. */
export function ttlMsOf(spec: KeySpec, n: number, seed: number): number | null {
  const ttl = spec.ttl;
  if (!ttl) return null;
  const h = mix32(seed, nameHash(spec), n, 0x7717);
  if ('oneOf' in ttl) return ttl.oneOf[h % ttl.oneOf.length]! * 1000;
  return (ttl.min + (h % (ttl.max - ttl.min + 1))) * 1000;
}

/** gomeet's `cache:stats` as its cache repository writes it: a JSON string of its counters. */
export function appStatsJson(c: { hits: number; misses: number; sets: number; deletes: number; errors: number }): string {
  return JSON.stringify({ hits: c.hits, misses: c.misses, sets: c.sets, deletes: c.deletes, errors: c.errors, last_updated: new Date().toISOString() });
}

/** Its TTL: the app rewrites it with 24 h on every operation. */
export const APP_STATS_TTL_MS = 86_400_000;

/**
 * Queue the commands that create key `n` of `spec` on `pipe`; returns how many were queued.
 * `replace` deletes first, so a list or stream is rebuilt rather than appended to (the seeder
 * writes into an empty keyspace and skips it).
 */
export function queueWrite(pipe: CommandSink, spec: KeySpec, n: number, seed: number, replace: boolean): number {
  const key = spec.key(n);
  const id = spec.id(n);
  const rng = keyRng(spec, n, seed);
  const ttlMs = ttlMsOf(spec, n, seed);
  const v = spec.value;
  let queued = 0;
  if (replace && v.kind !== 'json' && v.kind !== 'counter' && v.kind !== 'appStats') {
    pipe.call('DEL', [key]);
    queued++;
  }
  switch (v.kind) {
    case 'appStats':
      // Re-initialised to zeros when the app starts.
      pipe.call('SET', [key, appStatsJson({ hits: 0, misses: 0, sets: 0, deletes: 0, errors: 0 }), 'PX', APP_STATS_TTL_MS]);
      return queued + 1;
    case 'json': {
      const value = jsonValue(v.doc, rng, id, rng.int(v.bytes[0], v.bytes[1]), v.gzip === true);
      pipe.call('SET', ttlMs === null ? [key, value] : [key, value, 'PX', ttlMs]);
      return queued + 1;
    }
    case 'counter':
      pipe.call('SET', ttlMs === null ? [key, rng.int(1, v.max)] : [key, rng.int(1, v.max), 'PX', ttlMs]);
      return queued + 1;
    case 'hash':
      pipe.call('HSET', [key, ...flatDoc(v.doc, rng, id)]);
      queued++;
      break;
    case 'set': {
      const members: string[] = [key];
      for (let i = rng.int(v.size[0], v.size[1]); i > 0; i--) members.push(memberOf(v.member, rng));
      pipe.call('SADD', members);
      queued++;
      break;
    }
    case 'zset': {
      const args: (string | number)[] = [key];
      for (let i = rng.int(v.size[0], v.size[1]); i > 0; i--) args.push(rng.int(0, 10_000), memberOf(v.member, rng));
      pipe.call('ZADD', args);
      queued++;
      break;
    }
    case 'list': {
      const items: string[] = [key];
      for (let i = rng.int(v.size[0], v.size[1]); i > 0; i--) items.push(docJson(v.doc, rng, id));
      pipe.call('RPUSH', items);
      queued++;
      break;
    }
    case 'stream':
      for (let i = rng.int(v.size[0], v.size[1]); i > 0; i--, queued++) pipe.call('XADD', [key, '*', ...flatDoc(v.doc, rng, id)]);
      break;
  }
  if (ttlMs !== null) {
    pipe.call('PEXPIRE', [key, ttlMs]);
    queued++;
  }
  return queued;
}
