import { z } from 'zod';
import type { ConfirmRequirement } from './actions';
import type { ErrorCode } from '../envelope';

const Id = z.string().min(1).max(64);
/** A node as `host:port` (what TargetNode.address says); absent = every node. */
const Address = z.string().min(1).max(300);
const Confirmation = z.string().max(512);

/** The node a panel's figures come from (one on a single server; every node of a cluster). */
export interface DiagnosticsNode {
  address: string;
  role: 'primary' | 'replica';
}

/**
 * One panel on one node: its figures, or — where the server refuses the command (an ACL user
 * without the right, a managed service that renamed it) — a sentence saying so. The other
 * panels, and other nodes, still answer. `code`: NO_PERMISSION (ACL), UNSUPPORTED (renamed away), or
 * the node's own trouble on a cluster.
 */
export type NodePanel<T> = DiagnosticsNode & ({ available: true; data: T } | { available: false; code: ErrorCode; reason: string });

/**
 * Where the user's last look ended on a node: the newest entry's id and (server) time. An entry
 * is new when its id is higher, or — the server restarted, its ids began again — its time later.
 */
export interface SlowlogMark {
  id: number;
  ts: number;
}
const SlowlogMarkArgs = z.object({ id: z.number().int().min(-1), ts: z.number().int().min(0) }).strict();

export interface SlowlogEntryView {
  /** The server's own id of the entry (per node, increasing). */
  id: number;
  /** ms epoch when the command started. */
  ts: number;
  durationUs: number;
  /** The command and its arguments, shortened: values never shown in full (see `shortenArgs`). */
  args: string[];
  clientAddr: string | null;
  clientName: string | null;
  /** Logged after the previous look (see `diagnostics.slowlog.seen`). */
  isNew: boolean;
}

export interface SlowlogData {
  entries: SlowlogEntryView[];
  /** SLOWLOG LEN: entries the server holds (the reply may carry fewer). */
  length: number;
  /** slowlog-log-slower-than in µs, when CONFIG could be read; null otherwise. */
  slowerThanUs: number | null;
  /** The newest entry of this read: what `diagnostics.slowlog.seen` takes to mark entries seen. */
  newest: SlowlogMark | null;
}

export interface SlowlogView {
  nodes: NodePanel<SlowlogData>[];
  /** What resetting asks for (a write: refused on a read-only connection). */
  confirm: ConfirmRequirement;
  readOnly: boolean;
}

export interface LatencyEventView {
  event: string;
  /** ms epoch of the latest spike. */
  latestTs: number;
  latestMs: number;
  maxMs: number;
  /** LATENCY HISTORY: [ms epoch, ms] samples, oldest first (the server keeps 160). */
  history: [number, number][];
}

export interface LatencyData {
  /** latency-monitor-threshold in ms; 0 = off; null when CONFIG could not be read. */
  thresholdMs: number | null;
  events: LatencyEventView[];
  /** When the monitor is off or unknown: how to turn it on, in words. */
  hint?: string;
}

export interface LatencyView {
  nodes: NodePanel<LatencyData>[];
  confirm: ConfirmRequirement;
  readOnly: boolean;
}

export type CommandKind = 'read' | 'write' | 'other';

export interface CommandMixRow {
  /** Lower-case, as INFO commandstats names it (`get`, `client|list`). */
  command: string;
  kind: CommandKind;
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
  /** Over the interval since this connection's previous read; null on the first read (or after a reset). */
  callsPerSec: number | null;
  usecPerCall: number | null;
  rejectedPerSec: number | null;
  failedPerSec: number | null;
  /** Why this command hurts a cache (KEYS, FLUSH*, big DELs, MONITOR), or absent. */
  flag?: string;
  /** Cachescope sends this command itself (its poll, these panels): the counts include its own calls. */
  alsoCachescope?: true;
}

export interface ErrorStatRow {
  /** The error's prefix (ERR, WRONGTYPE, NOPERM…). */
  error: string;
  count: number;
  /** New in the interval; null on the first read. */
  delta: number | null;
}

export interface CommandMixData {
  /** Seconds since the previous read of this node (null on the first). */
  intervalSec: number | null;
  /** Busiest first: by calls/s over the interval, else by total calls. */
  commands: CommandMixRow[];
  /** Calls/s of the cache's data reads and writes over the interval (totals when no interval yet). */
  readsPerSec: number | null;
  writesPerSec: number | null;
  /** reads / (reads + writes): of the interval, else since the server's start; null without any. */
  readShare: number | null;
  errors: ErrorStatRow[];
  /** INFO errorstats is Redis ≥ 6.2; older servers say so here. */
  errorsNote?: string;
}

export interface CommandMixView {
  nodes: NodePanel<CommandMixData>[];
}

export interface ClientConnectionView {
  id: number;
  addr: string;
  name: string | null;
  ageSec: number;
  idleSec: number;
  db: number;
  /** The last command the client ran (CLIENT LIST `cmd`). */
  cmd: string;
  /** Output buffer memory (CLIENT LIST `omem`). */
  outputBufferBytes: number;
  flags: string;
  /** One of Cachescope's own connections (named `cachescope:…`). */
  own: boolean;
}

export interface ClientGroupView {
  name: string | null;
  /** The clients' host (addresses without the port: one app's pool shares it). */
  host: string;
  connections: number;
  ids: number[];
  minIdleSec: number;
  maxIdleSec: number;
  outputBufferBytes: number;
  dbs: number[];
  cmds: string[];
  own: boolean;
  /** unnamed, idle for hours, big output buffers, MONITOR — in words. */
  flags: string[];
}

export interface ClientsData {
  clients: ClientConnectionView[];
  /** Grouped by name and host, most connections first. */
  groups: ClientGroupView[];
}

export interface ClientsView {
  nodes: NodePanel<ClientsData>[];
  confirm: ConfirmRequirement;
  readOnly: boolean;
}

export const diagnosticsCommands = {
  /** SLOWLOG GET per node, entries flagged new since the last `diagnostics.slowlog.seen`. */
  'diagnostics.slowlog': { args: z.object({ id: Id, count: z.number().int().min(1).max(1000).default(128) }).strict(), reply: null as unknown as SlowlogView },
  /** Mark entries up to these (per node address) as seen; kept in the data folder. */
  'diagnostics.slowlog.seen': {
    args: z.object({ id: Id, upTo: z.record(Address, SlowlogMarkArgs) }).strict(),
    reply: null as unknown as { ok: true },
  },
  /** SLOWLOG RESET on every node (or one): a write — confirmed, audited, refused read-only. */
  'diagnostics.slowlog.reset': { args: z.object({ id: Id, node: Address.optional(), confirmation: Confirmation }).strict(), reply: null as unknown as { nodes: number } },
  /** LATENCY LATEST and HISTORY per node, with the monitor's threshold. */
  'diagnostics.latency': { args: z.object({ id: Id }).strict(), reply: null as unknown as LatencyView },
  /** CONFIG SET latency-monitor-threshold on every node (0 turns it off): a write — confirmed, audited, refused read-only. */
  'diagnostics.latency.threshold': {
    args: z.object({ id: Id, thresholdMs: z.number().int().min(0).max(60_000), confirmation: Confirmation }).strict(),
    reply: null as unknown as { nodes: number; previous: (number | null)[] },
  },
  /** INFO commandstats + errorstats per node, as deltas since this core's previous read. */
  'diagnostics.commands': { args: z.object({ id: Id }).strict(), reply: null as unknown as CommandMixView },
  /** CLIENT LIST per node, grouped. */
  'diagnostics.clients': { args: z.object({ id: Id }).strict(), reply: null as unknown as ClientsView },
  /** CLIENT KILL ID … on one node: a write — confirmed, audited, refused read-only; never one of Cachescope's own. */
  'diagnostics.clients.kill': {
    args: z.object({ id: Id, node: Address, clientIds: z.array(z.number().int().min(0)).min(1).max(1000), confirmation: Confirmation }).strict(),
    reply: null as unknown as { killed: number },
  },
} as const;
