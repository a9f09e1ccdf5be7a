import type Redis from 'ioredis';
import type { ReadLedger } from '../metrics/read-ledger';

/**
 * What an action runs against, the same for the core and the CLI: per-node clients for
 * SCAN-based work (one for a standalone server; every master for a later Cluster), one
 * client for keyed commands, and the ledger every keyspace read is recorded in.
 */
export interface ActionEnv {
  nodes: Redis[];
  client: Redis;
  ledger: ReadLedger;
}

/** Keys per SCAN call and per pipeline: bounded so no single command or batch blocks the server. */
export const SCAN_COUNT = 1000;
