import type { HandlersFor } from '../context';
import { toCsv, toJsonl } from './audit-log';
import type { ActionDeps } from './deps';

type Names = 'audit.list' | 'audit.export';

export function auditHandlers(deps: ActionDeps): HandlersFor<Names> {
  const log = deps.auditor.log;
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
