import type Redis from 'ioredis';
import { dropSlots } from '../scan/drop-slots';
import type { AnalysisReport, ScanPath, TtlRule } from '../../../shared/contract/keyspace';
import { toWire } from '../keys/wire-bytes';
import { ledgerDelta, ReadLedger } from '../metrics/read-ledger';
import { indexPage } from '../scan/index-page';
import { KeyIndex, tableSizeFor } from '../scan/key-index';
import { PAGE_KEYS, runScan, type ScanNode, type ScanNodes, type ScanOutcome, type ScanStats } from '../scan/scanner';
import { Namespaces } from './namespaces';
import { buildReport } from './report';
import { readLifetime, restartBetween, type Drop } from './server-lifetime';

export interface AnalysisOptions {
  match?: Buffer | null;
  delimiter?: string;
  depth?: number;
  /** Collapse id-like namespace segments to `*` (default true; see `ReportShape`). */
  collapseIds?: boolean;
  fold?: Buffer | null;
  ttlRules?: TtlRule[];
  withMemory?: boolean;
  throttle?: number | null;
  path?: 'auto' | ScanPath;
  signal?: AbortSignal;
  /** Where reads are recorded; a fresh ledger by default (the report's serverReads either way). */
  ledger?: ReadLedger;
  pageKeys?: number;
  inFlight?: number;
  /** Keys per SCAN call (default two pages: see `ScanOptions.scanKeys`). */
  scanKeys?: number;
  /** Nodes scanned at once (default 3). */
  nodeConcurrency?: number;
  onProgress?: (stats: ScanStats, indexed: number) => void;
  connectionId?: string;
  db?: number;
}

export interface AnalysisRun {
  report: AnalysisReport;
  index: KeyIndex;
  outcome: ScanOutcome;
}

/**
 * Scan the data nodes (one per primary) and report on them: what `cachescope analyze` runs, and
 * what the benchmark calls directly (`runAnalysis([client], { path: 'script' })`, then look at
 * `report.durationMs`, `outcome.stats.keysPerSec` and `index.footprint()`).
 */
export async function runAnalysis(nodes: Redis[] | ScanNodes, options: AnalysisOptions = {}): Promise<AnalysisRun> {
  const shape = { delimiter: options.delimiter ?? ':', depth: options.depth ?? 2, fold: options.fold ?? null, ttlRules: options.ttlRules ?? [], collapseIds: options.collapseIds ?? true };
  let current = new KeyIndex(1 << 16);
  // Each key's namespace is worked out as its page arrives, while the server reads the next pages:
  // the report at the end only sums.
  let spaces = new Namespaces(shape);
  let reserved = false;
  const startedAt = Date.now();
  const ledger = options.ledger ?? new ReadLedger();
  const ownAtStart = ledger.totals();
  const list = typeof nodes === 'function' ? nodes : () => nodes;
  const clients = async () => {
    try {
      return (await list()).map((n: Redis | ScanNode) => ('ledgered' in n ? n.client : n));
    } catch {
      return [];
    }
  };
  // run_id before and after, and own reads at each drop: a restart mid-run is said, not hidden.
  const lifetimeBefore = await readLifetime(await clients());
  const drops: Drop[] = [];
  let fromReplicas = false;
  const outcome = await runScan(
    async () => {
      const now = await list();
      fromReplicas = now.some((n) => 'ledgered' in n && !n.ledgered);
      return now;
    },
    {
      match: options.match ?? null,
      withMemory: options.withMemory ?? true,
      throttle: options.throttle ?? null,
      path: options.path ?? 'auto',
      signal: options.signal ?? new AbortController().signal,
      ledger,
      ...(options.pageKeys ? { pageKeys: options.pageKeys } : {}),
      ...(options.inFlight ? { inFlight: options.inFlight } : {}),
      scanKeys: options.scanKeys ?? 2 * (options.pageKeys ?? PAGE_KEYS),
      ...(options.nodeConcurrency ? { nodeConcurrency: options.nodeConcurrency } : {}),
    },
    {
      page: (meta) => {
        const from = current.count;
        indexPage(current, meta, null);
        for (let i = from; i < current.count; i++) spaces.assign(current, i);
      },
      restart: (_reason, _stats, part) => {
        const { hits, misses } = ledgerDelta(ownAtStart, ledger.totals());
        drops.push({ at: Date.now(), reads: { hits, misses } });
        if (part) {
          // One node's part read again: its keys become REMOVED slots (the report skips them),
          // the rest keep their slots and namespaces; the reservation still holds.
          dropSlots(current, part.slots);
        } else {
          current = new KeyIndex(1 << 16);
          spaces = new Namespaces(shape);
          reserved = false;
        }
      },
      progress: (stats) => {
        // Every key is coming (no MATCH): make room once instead of doubling on the way.
        if (!reserved && !options.match && current.count > 0) {
          reserved = true;
          const capacity = reservation(stats.total);
          current.reserve(capacity, Math.ceil((current.nameBytes / current.count) * capacity * 1.05));
          spaces.reserve(capacity);
        }
        options.onProgress?.(stats, current.live);
      },
    },
  );
  current.compact();
  const restarted = drops.length > 0 ? restartBetween(lifetimeBefore, await readLifetime(await clients()), drops, outcome.stats.serverReads) : null;
  const finishedAt = Date.now();
  const report: AnalysisReport = {
    connectionId: options.connectionId ?? 'cli',
    db: options.db ?? 0,
    scanId: 'direct',
    match: options.match ? toWire(options.match) : null,
    delimiter: shape.delimiter,
    depth: shape.depth,
    collapseIds: shape.collapseIds,
    fold: shape.fold ? toWire(shape.fold) : null,
    path: outcome.stats.path,
    withMemory: options.withMemory ?? true,
    startedAt,
    finishedAt,
    durationMs: finishedAt - startedAt,
    complete: outcome.state === 'done',
    dbsize: outcome.stats.total,
    ...buildReport(current, shape, finishedAt, spaces),
    ttlRules: shape.ttlRules,
    serverReads: outcome.stats.serverReads,
    ...(restarted ? { restarted } : {}),
    nodes: outcome.stats.nodes,
    ...(fromReplicas ? { fromReplicas } : {}),
  };
  return { report, index: current, outcome };
}

/**
 * Room for a scan's `total` keys with a little headroom for keys written meanwhile, short of
 * the next hash-table size (so compacting afterwards keeps the table).
 */
function reservation(total: number): number {
  return Math.max(total, Math.min(Math.ceil(total * 1.05), tableSizeFor(total) / 2));
}
