import type { CommandKind } from '../../../shared/contract';

/** The data commands that read the cache (a lookup, hit or miss). */
const READS = new Set(
  `get mget getex getdel strlen getrange substr exists type ttl pttl expiretime pexpiretime
   hget hmget hgetall hkeys hvals hlen hexists hstrlen hrandfield hscan
   lrange lindex llen lpos sismember smismember smembers scard srandmember sscan sinter sunion sdiff sintercard
   zrange zrangebyscore zrevrange zrevrangebyscore zrangebylex zrevrangebylex zscore zmscore zrank zrevrank zcard zcount zlexcount zrandmember zscan
   xrange xrevrange xlen xread bitcount getbit bitpos pfcount dump object|encoding object|freq object|idletime
   geopos geodist georadius_ro georadiusbymember_ro geosearch geohash json.get json.mget`.split(/\s+/),
);

/** The data commands that write it (fill, change, expire or delete keys). */
const WRITES = new Set(
  `set setnx setex psetex mset msetnx getset append incr incrby incrbyfloat decr decrby setrange del unlink expire pexpire expireat pexpireat persist rename renamenx copy restore move
   hset hmset hsetnx hdel hincrby hincrbyfloat lpush rpush lpushx rpushx lpop rpop lset lrem ltrim linsert lmove rpoplpush blpop brpop blmove
   sadd srem spop smove sinterstore sunionstore sdiffstore zadd zincrby zrem zremrangebyscore zremrangebyrank zremrangebylex zpopmin zpopmax zunionstore zinterstore zrangestore bzpopmin bzpopmax
   xadd xdel xtrim setbit bitop pfadd pfmerge geoadd flushdb flushall json.set json.del`.split(/\s+/),
);

export function commandKind(command: string): CommandKind {
  if (READS.has(command)) return 'read';
  if (WRITES.has(command)) return 'write';
  return 'other';
}

/** DELs slower than this per call free big values in the foreground: UNLINK would not block. */
export const BIG_DEL_USEC_PER_CALL = 1000;

/** Why a command in the mix hurts a cache, or undefined. `usecPerCall`: of the interval, else of the server's lifetime. */
export function hurtsCache(command: string, usecPerCall: number | null): string | undefined {
  if (command === 'keys') return 'KEYS walks every key in one call and blocks the server meanwhile: use SCAN.';
  if (command === 'flushall' || command === 'flushdb') return `${command.toUpperCase()} empties the cache: every read misses until it fills again.`;
  if (command === 'monitor') return 'MONITOR streams every command to a client and can halve the server’s throughput.';
  if (command === 'del' && usecPerCall !== null && usecPerCall >= BIG_DEL_USEC_PER_CALL)
    return `DEL takes ${Math.round(usecPerCall)} µs per call: big values freed in the foreground block the server; UNLINK frees them in the background.`;
  return undefined;
}

/**
 * Commands Cachescope itself sends to every node it watches (the INFO poll, its connections'
 * set-up, the slow log, latency and client panels, a cluster's topology): their counts include its own calls.
 */
const SENT_BY_CACHESCOPE = new Set(
  `info ping config|get client|setname client|list client|no-touch slowlog|get slowlog|len latency|latest latency|history
   cluster|slots cluster|nodes cluster|info dbsize command|info select hello`.split(/\s+/),
);

export function sentByCachescope(command: string): boolean {
  return SENT_BY_CACHESCOPE.has(command);
}
