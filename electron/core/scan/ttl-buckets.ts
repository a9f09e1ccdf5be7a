import { TTL_BUCKETS, type TtlBuckets } from '../../../shared/contract/keyspace';
import { NO_EXPIRY } from './key-index';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Bucket of a key's remaining TTL at `now`: 0 none, 1 < 1 min, 2 < 1 h, 3 < 1 day, 4 < 7 days, 5 ≥ 7 days. */
export function ttlBucket(expiresAt: number, now: number): number {
  if (expiresAt === NO_EXPIRY) return 0;
  const left = expiresAt - now;
  if (left < MINUTE) return 1; // includes keys already past their expiry (gone, or about to be)
  if (left < HOUR) return 2;
  if (left < DAY) return 3;
  if (left < 7 * DAY) return 4;
  return 5;
}

export function bucketsToRecord(counts: ArrayLike<number>, offset = 0): TtlBuckets {
  const out = {} as TtlBuckets;
  TTL_BUCKETS.forEach((name, b) => (out[name] = counts[offset + b] ?? 0));
  return out;
}
