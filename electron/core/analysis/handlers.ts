import type { AnalysisReport } from '../../../shared/contract/keyspace';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { fromWire, toWire } from '../keys/wire-bytes';
import { keyspaceService } from '../scan/keyspace-service';
import type { ScanOutcome } from '../scan/scanner';
import { directAnalysis } from './direct';
import { exportReport } from './export';
import { buildReport } from './report';
import { TTL_PRESETS } from './ttl-presets';

type Names = 'analysis.run' | 'analysis.direct' | 'analysis.export' | 'keyspace.settings.get' | 'keyspace.settings.set';

const sameBytes = (a: Buffer | null, b: Buffer | null) => (a === null || b === null ? a === b : a.equals(b));

export function analysisHandlers(ctx: CoreContext): HandlersFor<Names> {
  const svc = keyspaceService(ctx);
  return {
    'analysis.run': async (a) => {
      const s = svc.session(a.id);
      const settings = await svc.settings.get(a.id);
      const match = a.match ? fromWire(a.match) : null;
      // An index is reusable when it holds every key of this MATCH, with sizes.
      const fits = s.options !== null && sameBytes(s.options.match, match) && s.options.type === null && s.options.withMemory;
      let outcome: ScanOutcome | null = null;
      if (fits && s.running && s.done) outcome = await s.done;
      else if (!(fits && !a.rescan && s.progress?.state === 'done')) {
        ctx.connection(a.id);
        outcome = await svc.start(a.id, { match, type: null, withMemory: true, throttle: a.throttle ?? null, path: 'auto', fromReplicas: a.fromReplicas }).done;
      }
      if (outcome?.state === 'cancelled') throw new CoreError('CANCELLED', 'The analysis scan was cancelled.');
      if (outcome?.state === 'error') throw new CoreError('INTERNAL', `The analysis scan failed: ${outcome.message ?? 'unknown error'}`);
      const p = s.progress;
      if (!p || p.state !== 'done') throw new CoreError('INTERNAL', 'The scan was replaced by another one before the report was built.');
      const fold = a.fold === undefined ? (settings.fold ? fromWire(settings.fold) : null) : a.fold === null ? null : fromWire(a.fold);
      const shape = { delimiter: a.delimiter ?? settings.delimiter, depth: a.depth, fold, ttlRules: settings.ttlRules, collapseIds: a.collapseIds ?? true };
      const now = Date.now();
      const report: AnalysisReport = {
        connectionId: a.id,
        db: s.db,
        scanId: p.scanId,
        match: p.match,
        delimiter: shape.delimiter,
        depth: shape.depth,
        collapseIds: shape.collapseIds,
        fold: fold ? toWire(fold) : null,
        path: p.path,
        withMemory: p.withMemory,
        startedAt: p.startedAt,
        finishedAt: p.startedAt + p.elapsedMs,
        durationMs: p.elapsedMs,
        complete: true,
        dbsize: p.total,
        ...buildReport(s.index, shape, now),
        ttlRules: shape.ttlRules,
        serverReads: p.serverReads,
        ...(p.nodes ? { nodes: p.nodes } : {}),
        ...(p.fromReplicas ? { fromReplicas: true } : {}),
      };
      s.report = report;
      return report;
    },
    'analysis.direct': (a) => directAnalysis(ctx, svc, a),
    'analysis.export': async ({ id, format, table }) => {
      const report = svc.session(id).report;
      if (!report) throw new CoreError('NOT_FOUND', 'No analysis report yet: run one first.');
      return exportReport(report, format, table);
    },
    'keyspace.settings.get': async ({ id }) => ({ settings: await svc.settings.get(id), presets: TTL_PRESETS }),
    'keyspace.settings.set': async ({ id, ...patch }) => {
      if (patch.fold) fromWire(patch.fold); // validates base64
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      return svc.settings.update(id, clean);
    },
  };
}
