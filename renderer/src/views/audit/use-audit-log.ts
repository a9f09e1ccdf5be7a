import { useCallback, useEffect, useRef, useState } from 'react';
import type { CachescopeApi } from '../../../../shared/contract/api';
import type { AuditEntry } from '../../../../shared/contract/actions';
import { MAX_AUDIT_ROWS } from '../../../../shared/contract/limits';
import { formatInteger } from '../../../../shared/format';
import type { AuditQuery } from './audit-query';
import { downloadText } from './download';

export type AuditListing = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ok'; entries: AuditEntry[]; matched: number };

/**
 * The audit view's commands: the listing for a query, kept live (re-read when a line for one of
 * the listed connections is appended), and the export with the same filters.
 */
export function useAuditLog(api: CachescopeApi, query: AuditQuery, follows: (connectionId: string) => boolean) {
  const [listing, setListing] = useState<AuditListing>({ status: 'loading' });
  // A reply to an older query (the filters moved on meanwhile) must not land.
  const generation = useRef(0);

  const load = useCallback(async () => {
    const gen = ++generation.current;
    const r = await api.invoke('audit.list', query);
    if (gen !== generation.current) return;
    setListing(r.ok ? { status: 'ok', entries: r.value.entries, matched: r.value.matched } : { status: 'error', message: r.error.message });
  }, [api, query]);

  useEffect(() => {
    void load();
    return api.on('audit.appended', (e) => {
      if (follows(e.connectionId)) void load();
    });
  }, [api, load, follows]);

  /** Download every matching entry (up to the contract's cap); returns what to tell the user. */
  const exportAs = useCallback(
    async (format: 'csv' | 'jsonl'): Promise<string> => {
      const { limit: _limit, ...filters } = query;
      const r = await api.invoke('audit.export', { ...filters, limit: MAX_AUDIT_ROWS, format });
      if (!r.ok) return r.error.message;
      downloadText(r.value.filename, r.value.mime, r.value.content);
      return `Exported ${formatInteger(r.value.count)} entries as ${r.value.filename}.`;
    },
    [api, query],
  );

  return { listing, exportAs };
}
