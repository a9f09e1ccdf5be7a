import { z } from 'zod';
import { WireBytes } from './keys';
import { ANALYSIS_DEPTH } from './limits';

const Id = z.string().min(1).max(64);

/** What happened to a key before it was missed. */
export const MISS_CAUSES = ['cold', 'afterExpiry', 'afterEviction', 'afterDelete'] as const;
export type MissCause = (typeof MISS_CAUSES)[number];
export type MissCauses = Record<MissCause, number>;

/** How long after the key's removal a miss came (the removal's event to the miss's event). */
export interface MissDelays {
  within10s: number;
  within60s: number;
  within10min: number;
  later: number;
}

export interface MissNamespace {
  /** As in `analyze --json`: the namespace's bytes, or a glob when ids were collapsed (`pattern`). */
  prefix: WireBytes;
  pattern: boolean;
  misses: number;
  expired: number;
  evicted: number;
  writes: number;
  /** Deletes by a client (DEL, UNLINK, GETDEL, RENAME's source…). */
  deletes: number;
  causes: MissCauses;
  delays: Record<Exclude<MissCause, 'cold'>, MissDelays>;
}

/** A time a node's events were not received (its subscription dropped): its counts are unknown, not zero. */
export interface MissGap {
  node: string;
  from: number;
  /** Null while the subscription is still down. */
  to: number | null;
  reason: string;
}

/** One node's `notify-keyspace-events`: what it was, what watching needs. */
export interface EventsSettingNode {
  address: string;
  /** Null where CONFIG GET is refused. */
  current: string | null;
  /** The merged value watching sets; null where nothing needs changing (or it cannot be read). */
  proposed: string | null;
}

/** A value a Cachescope that did not stop cleanly left on a server. */
export interface EventsLeftover {
  address: string;
  previous: string;
  set: string;
  at: number;
  /** The server holds exactly what was set: restoring is safe. */
  stillSet: boolean;
}

export interface MissesPlan {
  nodes: EventsSettingNode[];
  /** Some node's setting must change (consent needed). */
  change: boolean;
  /** CONFIG may be run; otherwise `ask` says what to ask an administrator for. */
  permitted: boolean;
  ask: string | null;
  /** What turning events on costs, in words (from the benchmark). */
  cost: string;
  leftovers: EventsLeftover[];
}

export interface MissTotals {
  misses: number;
  expired: number;
  evicted: number;
  deleted: number;
  writes: number;
}

/** One second of events, over every namespace. */
export interface MissSecond extends MissTotals {
  t: number;
}

export interface MissesReport {
  connectionId: string;
  state: 'watching' | 'stopped';
  db: number;
  startedAt: number;
  /** Seconds watched. */
  seconds: number;
  totals: MissTotals;
  causes: MissCauses;
  /** Most active first (misses, then all events). */
  namespaces: MissNamespace[];
  namespacesOmitted: number;
  /** Per second, the last 300. */
  series: MissSecond[];
  gaps: MissGap[];
  /** False when a gap lost events: counts are then lower bounds. */
  complete: boolean;
  /** The record of recently removed keys the causes come from. */
  record: { capacity: number; size: number; bytes: number; windowSec: number | null };
  /** What the setting was and what watching did to it. */
  setting: { nodes: EventsSettingNode[]; changed: boolean; restored: boolean | null; note: string | null };
  advice: string[];
}

export const MissesStartArgs = z
  .object({
    id: Id,
    /** The user agreed to change `notify-keyspace-events` (asked first: see misses.plan). */
    consent: z.boolean().default(false),
    depth: z.number().int().min(ANALYSIS_DEPTH.min).max(ANALYSIS_DEPTH.max).default(2),
    delimiter: z.string().min(1).max(8).optional(),
    collapseIds: z.boolean().optional(),
  })
  .strict();

export const missesCommands = {
  /** Read `notify-keyspace-events` on every primary: what watching would change, and leftovers of a crash. */
  'misses.plan': { args: z.object({ id: Id }).strict(), reply: null as unknown as MissesPlan },
  /** Merge the needed flags in (with consent) and subscribe on every primary. */
  'misses.start': { args: MissesStartArgs, reply: null as unknown as MissesReport },
  'misses.report': { args: z.object({ id: Id }).strict(), reply: null as unknown as MissesReport | null },
  /** Unsubscribe and restore the previous setting; the final report. */
  'misses.stop': { args: z.object({ id: Id }).strict(), reply: null as unknown as MissesReport | null },
  /** Put back what a Cachescope that did not stop left on this connection's servers. */
  'misses.restoreLeftover': { args: z.object({ id: Id }).strict(), reply: null as unknown as { restored: EventsLeftover[] } },
} as const;

export interface MissesStreams {
  'misses.update': MissesReport;
}
export const MISSES_STREAM_NAMES = ['misses.update'] as const;

/** One namespace in a traffic sample: reads seen by MONITOR, misses from the key events of the same time. */
export interface SampleNamespace {
  prefix: WireBytes;
  pattern: boolean;
  reads: number;
  misses: number;
  /** (reads − misses) / reads; null without reads. */
  hitRate: number | null;
}

/** A key read so often, and always found, that it props up the server's hit rate (GoMeet's `cache:stats`). */
export interface BookkeepingKey {
  key: WireBytes;
  reads: number;
  /** Of every read in the sample. */
  share: number;
  writes: number;
  /** The sample's hit rate with this key's reads left out. */
  hitRateWithout: number | null;
}

export interface TrafficSample {
  connectionId: string;
  seconds: number;
  reads: number;
  misses: number;
  hitRate: number | null;
  namespaces: SampleNamespace[];
  hotKeys: { key: WireBytes; reads: number }[];
  /** Command names and counts, most first. */
  commands: { name: string; count: number }[];
  bookkeeping: BookkeepingKey[];
  /** Cachescope's own commands seen and left out. */
  ownExcluded: number;
  /** Distinct keys beyond the sample's bound were counted per namespace only. */
  keysTracked: number;
  note: string | null;
}

export const missesSampleCommands = {
  /**
   * A time-boxed MONITOR on every primary while misses are watched (their events give the misses):
   * reads, hits and the hit rate per namespace, hot keys, the command mix, bookkeeping keys.
   * Resolves when `seconds` pass or misses.sample.stop is called. Values are never kept.
   */
  'misses.sample': { args: z.object({ id: Id, seconds: z.number().int().min(1).max(300) }).strict(), reply: null as unknown as TrafficSample },
  'misses.sample.stop': { args: z.object({ id: Id }).strict(), reply: null as unknown as { stopped: boolean } },
} as const;
