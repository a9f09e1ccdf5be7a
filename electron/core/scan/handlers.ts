import { DEFAULT_SETTINGS } from '../keyspace-settings/settings-store';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { fromWire } from '../keys/wire-bytes';
import { describeRedisError } from '../redis/describe-error';
import { literalPath, patternPath } from './folder-path';
import { countOutsideFold } from './outside-fold';
import { makeFilter } from './key-filter';
import { keyspaceService } from './keyspace-service';
import { NO_EXPIRY } from './key-index';
import { DEFAULT_SIZES, pipelinePage } from './page-meta';
import { keyRow } from './rows';
import { autoScanMaxKeys, scanPlan } from './scan-plan';

type Names = 'keys.scan.start' | 'keys.scan.cancel' | 'keys.scan.status' | 'keys.scan.plan' | 'keys.tree' | 'keys.list' | 'keys.lookup';

/** Scans, the namespace tree, the flat list and exact lookups over the connection's index. */
export function scanHandlers(ctx: CoreContext): HandlersFor<Names> {
  const svc = keyspaceService(ctx);
  return {
    'keys.scan.start': async (a) => {
      const { scanId } = svc.start(a.id, {
        match: a.match ? fromWire(a.match) : null,
        type: a.type ?? null,
        withMemory: a.withMemory,
        throttle: a.throttle ?? null,
        path: a.path,
        fromReplicas: a.fromReplicas,
      });
      return { scanId };
    },
    'keys.scan.cancel': async ({ id }) => ({ cancelled: svc.cancel(id) }),
    'keys.scan.status': async ({ id }) => svc.status(id),
    'keys.scan.plan': async ({ id }) => {
      const conn = ctx.connection(id);
      return scanPlan((await conn.target.nodes('primary')).map((n) => n.client), autoScanMaxKeys(ctx.options.env), conn.where);
    },
    'keys.tree': async (a) => {
      const s = svc.session(a.id);
      const saved = a.delimiter === undefined || a.fold === undefined || a.collapseIds === undefined ? await svc.settings.get(a.id) : DEFAULT_SETTINGS;
      const delimiter = a.delimiter ?? saved.delimiter;
      const collapseIds = a.collapseIds ?? saved.collapseIds;
      const foldWire = a.prefix ? null : a.fold === undefined ? saved.fold : a.fold;
      const filter = makeFilter(s.index, a.match ? fromWire(a.match) : null, a.type ?? null);
      const delim = Buffer.from(delimiter, 'utf8');
      const prefix = a.prefix ? fromWire(a.prefix) : Buffer.alloc(0);
      let path;
      try {
        path = a.pattern ? patternPath(prefix, delim) : literalPath(prefix);
      } catch (e) {
        throw new CoreError('BAD_REQUEST', (e as Error).message);
      }
      const fold = foldWire ? fromWire(foldWire) : null;
      const r = s.views.tree({ path, delimiter: delim, fold, collapseIds, filter, sort: a.sort, offset: a.offset, limit: a.limit }, Date.now(), s.running);
      // The folded tree's top (the root with a fold, or the fold opened as the root, as the UI does) counts the keys it leaves out.
      const appPrefix = a.fold === undefined ? saved.fold : a.fold;
      const appBytes = appPrefix ? fromWire(appPrefix) : null;
      const atFoldTop = appBytes !== null && appBytes.length > 0 && path.parts === null && (path.bytes.length === 0 ? fold !== null : path.bytes.equals(appBytes));
      const outsideFold = atFoldTop ? countOutsideFold(s.index, appBytes, filter) : undefined;
      return { prefix: a.prefix, pattern: path.parts !== null, collapseIds, delimiter, fold: foldWire, ...r, ...(outsideFold !== undefined ? { outsideFold } : {}), coverage: s.coverage() };
    },
    'keys.list': async (a) => {
      const s = svc.session(a.id);
      const filter = makeFilter(s.index, a.match ? fromWire(a.match) : null, a.type ?? null);
      const r = s.views.list({ filter, sort: a.sort, offset: a.offset, limit: a.limit }, Date.now(), s.running);
      return { ...r, coverage: s.coverage() };
    },
    'keys.lookup': async (a) => {
      const conn = ctx.connection(a.id);
      const key = fromWire(a.key);
      const node = conn.target.client('scan');
      let page;
      try {
        // Gated and recorded like a scan page: TYPE and PTTL count as keyspace reads.
        page = await conn.ledger.batch(async () => {
          const p = await pipelinePage(node, [key], { withMemory: true, ...DEFAULT_SIZES });
          conn.ledger.record(p.hits, p.misses, p.calls);
          return p;
        });
      } catch (e) {
        const d = describeRedisError(e, conn.where);
        throw new CoreError(d.code, d.message);
      }
      const s = svc.session(a.id);
      const type = page.types[0];
      const pttl = page.pttl[0]!;
      if (!type || pttl === -2) {
        s.index.remove(key);
        return { key: a.key, exists: false, row: null };
      }
      const slot = s.index.add(key, type, pttl >= 0 ? page.at + pttl : NO_EXPIRY, page.bytes[0]!, page.estimated[0] === 1);
      return { key: a.key, exists: true, row: keyRow(s.index, slot, 0, Date.now()) };
    },
  };
}
