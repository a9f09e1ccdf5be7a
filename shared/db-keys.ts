import type { MetricSample } from './contract/metrics';

export interface DbKeyCounts {
  /** Keys in the connection's own db (INFO keyspace `dbN:keys`); 0 when the db is empty (not listed). */
  keys: number;
  /** Of those, keys without a TTL. */
  noTtl: number;
  /** Keys in every db of the server, as INFO sums them. */
  allKeys: number;
  /** How many dbs hold keys. */
  dbsWithKeys: number;
}

/**
 * The key counts of the db a connection is on. INFO is server-wide: a connection to db 3 must
 * show db 3's keys (as its db picker and `stats --json` do), with the server's total beside them.
 */
export function keysOfDb(sample: Pick<MetricSample, 'dbs' | 'keys'>, db: number): DbKeyCounts {
  const own = sample.dbs.find((d) => d.db === db);
  return { keys: own?.keys ?? 0, noTtl: own?.noTtl ?? 0, allKeys: sample.keys, dbsWithKeys: sample.dbs.length };
}
