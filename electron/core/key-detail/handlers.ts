import { AuditLog, auditFile } from '../actions/audit-log';
import { Auditor } from '../actions/auditor';
import type { CoreContext, HandlersFor } from '../context';
import { fromWire } from '../keys/wire-bytes';
import { keyDetail, valuePage } from './detail';
import { downloadValue } from './download';
import { setTtl } from './ttl';

export function keyDetailHandlers(ctx: CoreContext): HandlersFor<'keys.detail' | 'keys.value' | 'keys.ttl.set' | 'keys.value.download'> {
  // The same append-only log file the cache controls write to (one line per append, safe to share).
  const auditor = new Auditor(new AuditLog(auditFile(ctx.options.dataDir)), ctx.options.mode, ctx.bus);
  return {
    'keys.detail': async ({ id, key }) => keyDetail(ctx.connection(id), fromWire(key)),
    'keys.value': async ({ id, key, ...req }) => valuePage(ctx.connection(id), fromWire(key), req),
    'keys.ttl.set': async ({ id, key, ttlMs }) => setTtl(ctx.connection(id), auditor, fromWire(key), ttlMs),
    'keys.value.download': async ({ id, key, path }) => downloadValue(ctx.connection(id), fromWire(key), path),
  };
}
