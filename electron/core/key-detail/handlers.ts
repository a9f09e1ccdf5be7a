import type { ValueDownload } from '../../../shared/contract';
import { AuditLog, auditFile } from '../audit/audit-log';
import { Auditor } from '../audit/auditor';
import type { CoreContext, HandlersFor } from '../context';
import { CoreError } from '../errors';
import { fromWire } from '../keys/wire-bytes';
import { keyDetail, valuePage } from './detail';
import { downloadName, downloadValue } from './download';
import type { DownloadTickets } from './download-tickets';
import { setTtl } from './ttl';

/** Where serve mode's HTTP server streams a ticket's value (see transports/download-route). */
export const DOWNLOAD_PATH = '/download/';

export function keyDetailHandlers(ctx: CoreContext, tickets: DownloadTickets): HandlersFor<'keys.detail' | 'keys.value' | 'keys.ttl.set' | 'keys.value.download'> {
  // The same append-only log file the cache controls write to (one line per append, safe to share).
  const auditor = new Auditor(new AuditLog(auditFile(ctx.options.dataDir)), ctx.options.mode, ctx.bus);

  /** The file comes from main's save dialog (desktop) or the browser's download (serve mode), never from the request. */
  const download = async (id: string, key: Buffer): Promise<ValueDownload> => {
    const connection = ctx.connection(id);
    const { dialogs } = ctx.options;
    if (dialogs) {
      const file = await dialogs.chooseSavePath({ title: 'Save the value', defaultName: downloadName(key) });
      if (file === null) return { kind: 'cancelled' };
      return { kind: 'saved', ...(await downloadValue(connection, key, file)) };
    }
    if (ctx.options.mode === 'serve') return { kind: 'link', url: `${DOWNLOAD_PATH}${tickets.issue({ connectionId: id, key })}`, filename: downloadName(key) };
    throw new CoreError('UNSUPPORTED', 'Saving a value needs a save dialog, which this app has not got.');
  };

  return {
    'keys.detail': async ({ id, key }) => keyDetail(ctx.connection(id), fromWire(key)),
    'keys.value': async ({ id, key, ...req }) => valuePage(ctx.connection(id), fromWire(key), req),
    'keys.ttl.set': async ({ id, key, ttlMs }) => setTtl(ctx.connection(id), auditor, fromWire(key), ttlMs),
    'keys.value.download': async ({ id, key }) => download(id, fromWire(key)),
  };
}
