import { randomUUID } from 'node:crypto';
import type { ParsedArgs } from '../../../shared/contract';
import type { DirectAnalysis, ScanState } from '../../../shared/contract/keyspace';
import type { CoreContext } from '../context';
import { CoreError } from '../errors';
import { fromWire } from '../keys/wire-bytes';
import { describeRedisError } from '../redis/describe-error';
import type { KeyspaceService } from '../scan/keyspace-service';
import { scanNodes } from '../scan/scan-nodes';
import { scanNotes, scanProgress, type ScanProgressBase } from '../scan/scan-progress';
import type { ScanStats } from '../scan/scanner';
import { runAnalysis } from './run-analysis';

/**
 * `analysis.direct`: runAnalysis (the engine the benchmark measures) on the connection's client,
 * with the connection's read ledger (invariant 8). Its controller is the session's, so
 * `keys.scan.cancel` (Ctrl-C in the CLI) stops it like any scan of the connection.
 */
export async function directAnalysis(ctx: CoreContext, svc: KeyspaceService, a: ParsedArgs<'analysis.direct'>): Promise<DirectAnalysis> {
  // The CLI's one-shot report: in the app or serve mode it would take over the Keys tab's scan
  // session under it (analysis.run is theirs), so it is refused there.
  if (!ctx.options.oneShot) throw new CoreError('UNSUPPORTED', 'analysis.direct is the command line\'s report: use analysis.run.');
  const conn = ctx.connection(a.id);
  const s = svc.session(a.id);
  const controller = new AbortController();
  s.controller?.abort();
  s.controller = controller;
  const match = a.match ? fromWire(a.match) : null;
  const base: ScanProgressBase = {
    connectionId: a.id,
    scanId: randomUUID(),
    db: s.db,
    startedAt: Date.now(),
    match: a.match ?? null,
    type: null,
    withMemory: a.withMemory,
    throttle: a.throttle ?? null,
    ...(a.fromReplicas ? { fromReplicas: true } : {}),
  };
  // Small and five a second at most (the scanner's pace): cheap to copy over any transport.
  const publish = (stats: ScanStats, state: ScanState, indexed: number) => {
    ctx.bus.emit('scan.progress', scanProgress(base, state, stats, indexed, scanNotes(stats)));
  };
  try {
    const { report, index, outcome } = await runAnalysis(() => scanNodes(conn.target, a.fromReplicas), {
      match,
      delimiter: a.delimiter,
      depth: a.depth,
      collapseIds: a.collapseIds,
      fold: a.fold ? fromWire(a.fold) : null,
      ttlRules: a.ttlRules,
      withMemory: a.withMemory,
      throttle: a.throttle ?? null,
      path: a.path,
      signal: controller.signal,
      ledger: conn.ledger,
      connectionId: a.id,
      db: s.db,
      onProgress: (stats, indexed) => publish(stats, 'running', indexed),
    });
    publish(outcome.stats, outcome.state, index.live);
    if (outcome.state === 'error') {
      const d = describeRedisError(outcome.cause, conn.where, { commandTimeoutMs: ctx.options.commandTimeoutMs });
      // A stall or an ACL refusal has its own words (and code); anything else is a failed scan.
      if (d.code === 'SLOW' || d.code === 'NO_PERMISSION') throw new CoreError(d.code, d.message);
      throw new CoreError('INTERNAL', `The scan failed: ${outcome.message ?? 'unknown error'}`);
    }
    s.report = report;
    return { report, state: outcome.state, pathReason: outcome.stats.pathReason ?? null, notes: scanNotes(outcome.stats) ?? null };
  } finally {
    if (s.controller === controller) s.controller = null;
  }
}
