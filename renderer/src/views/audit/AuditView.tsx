import { useCallback, useEffect, useMemo, useState } from 'react';
import { formatInteger } from '../../../../shared/format';
import { useServices } from '../../app/context';
import type { ConnectionViewProps } from '../types';
import { actionChoices, EMPTY_FILTER, toQuery, type AuditFilterForm } from './audit-query';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { useAuditLog } from './use-audit-log';
import './audit.css';

/** Typing in the text filter re-queries after a pause, not on every key. */
const TEXT_PAUSE_MS = 250;

/**
 * The audit log: every destructive action, warm-up and refusal, filterable, live (new lines
 * arrive as actions end) and exportable as CSV or JSON Lines — the same filters apply.
 */
export function AuditView({ profile }: ConnectionViewProps) {
  const { api } = useServices();
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_FILTER);
  const [text, setText] = useState('');
  const [exportMessage, setExportMessage] = useState<string | null>(null);
  const query = useMemo(() => toQuery({ ...form, text }, profile.id), [form, text, profile.id]);
  const follows = useCallback((connectionId: string) => form.allConnections || connectionId === profile.id, [form.allConnections, profile.id]);
  const { listing, exportAs: exportLog } = useAuditLog(api, query, follows);

  // The text filter follows the box after a short pause.
  useEffect(() => {
    const t = setTimeout(() => setText(form.text), TEXT_PAUSE_MS);
    return () => clearTimeout(t);
  }, [form.text]);

  const exportAs = async (format: 'csv' | 'jsonl') => {
    setExportMessage(null);
    setExportMessage(await exportLog(format));
  };

  const actions = actionChoices(listing.status === 'ok' ? listing.entries.map((e) => e.action) : []);
  return (
    <div className="audit-view" data-testid="audit-view">
      <section className="panel" aria-labelledby="audit-title">
        <div className="audit-head">
          <h3 id="audit-title">Audit log</h3>
          <span className="spacer" />
          <button type="button" className="btn btn-small" onClick={() => void exportAs('csv')} data-testid="audit-export-csv">
            Export CSV
          </button>
          <button type="button" className="btn btn-small" onClick={() => void exportAs('jsonl')} data-testid="audit-export-jsonl">
            Export JSONL
          </button>
        </div>
        <AuditFilters form={form} onChange={setForm} actions={actions} />
        {exportMessage && (
          <p className="small muted" role="status" data-testid="audit-export-status">
            {exportMessage}
          </p>
        )}
        {listing.status === 'loading' ? (
          <p className="muted">Loading the audit log…</p>
        ) : listing.status === 'error' ? (
          <p className="tone-bad" role="alert" data-testid="audit-error">
            The audit log could not be read: {listing.message}
          </p>
        ) : listing.entries.length === 0 ? (
          <p className="muted" data-testid="audit-empty">
            {!form.action && !form.outcome && !text.trim() ? `Nothing has been done on ${profile.name} yet: invalidations, warm-ups, flushes and refusals appear here.` : 'No entry matches these filters.'}
          </p>
        ) : (
          <>
            <p className="small muted" data-testid="audit-count" data-matched={listing.matched}>
              {listing.matched > listing.entries.length ? `The newest ${formatInteger(listing.entries.length)} of ${formatInteger(listing.matched)} matching entries.` : `${formatInteger(listing.matched)} entries.`}
            </p>
            <AuditTable entries={listing.entries} />
          </>
        )}
      </section>
    </div>
  );
}
