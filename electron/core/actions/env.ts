import type Redis from 'ioredis';
import type { KeyClient } from '../redis/target';
import type { ReadLedger } from '../metrics/read-ledger';

/**
 * What an action runs against, the same for the core and the CLI: per-node clients for
 * SCAN-based work (one for a standalone server; every primary of a Cluster), one
 * client for keyed commands, and the ledger every keyspace read is recorded in.
 */
export interface ActionEnv {
  nodes: Redis[];
  client: KeyClient;
  ledger: ReadLedger;
  /** Keys in groups one multi-key command may carry (by slot on a cluster; one group otherwise). */
  groupKeys<T extends Buffer | string>(keys: T[]): T[][];
}

/** Keys per SCAN call and per pipeline: bounded so no single command or batch blocks the server. */
export const SCAN_COUNT = 1000;
