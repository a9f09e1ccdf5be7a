import type { HandlersFor } from '../context';
import { toCsv, toJsonl, type AuditLog } from './audit-log';

type Names = 'audit.list' | 'audit.export';

/** Reading the audit log needs only the log: no action machinery. */
export function auditHandlers(log: AuditLog): HandlersFor<Names> {
  return {
    'audit.list': async (query) => log.list(query),
    'audit.export': async ({ format, ...query }) => {
      const { entries } = await log.list(query);
      const oldestFirst = entries.reverse();
      const day = new Date().toISOString().slice(0, 10);
      return format === 'csv'
        ? { filename: `cachescope-audit-${day}.csv`, mime: 'text/csv', content: toCsv(oldestFirst), count: oldestFirst.length }
        : { filename: `cachescope-audit-${day}.jsonl`, mime: 'application/x-ndjson', content: toJsonl(oldestFirst), count: oldestFirst.length };
    },
  };
}
