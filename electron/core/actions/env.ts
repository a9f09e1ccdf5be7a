import type Redis from 'ioredis';
import type { KeyClient } from '../redis/target';
import type { ReadLedger } from '../metrics/read-ledger';

/** A primary to scan: its address (what the job names it by) and its own connection. */
export interface PrimaryNode {
  address: string;
  client: Redis;
  /** The slot ranges it serves (a cluster): a change means slots moved to or from it. */
  slots?: [number, number][];
}

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
  /**
   * The primaries serving every slot now, waiting while some slot has none (a lost primary,
   * before its replica takes over); null where a lost node is not replaced (one server), and
   * absent where the caller gives none: then work that loses its node stops.
   */
  servingPrimaries?(signal?: AbortSignal): Promise<PrimaryNode[] | null>;
}

/** Keys per SCAN call and per pipeline: bounded so no single command or batch blocks the server. */
export const SCAN_COUNT = 1000;

/** How long work that lost a node waits for the cluster to serve every slot again (a failover). */
export const TAKEOVER_WAIT_MS = 60_000;
