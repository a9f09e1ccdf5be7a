import { AUDIT_OUTCOME_CHOICES } from './outcomes';
import type { AuditFilterForm } from './audit-query';

/** Action, outcome, free text and scope; every change re-queries the log. */
export function AuditFilters({ form, onChange, actions }: { form: AuditFilterForm; onChange(next: AuditFilterForm): void; actions: string[] }) {
  const set = (patch: Partial<AuditFilterForm>) => onChange({ ...form, ...patch });
  return (
    <div className="audit-filters" role="search" data-testid="audit-filters">
      <div className="field">
        <label htmlFor="audit-action">Action</label>
        <select id="audit-action" value={form.action} onChange={(e) => set({ action: e.target.value })} data-testid="audit-filter-action">
          <option value="">every action</option>
          {actions.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="audit-outcome">Outcome</label>
        <select id="audit-outcome" value={form.outcome} onChange={(e) => set({ outcome: e.target.value as AuditFilterForm['outcome'] })} data-testid="audit-filter-outcome">
          <option value="">every outcome</option>
          {AUDIT_OUTCOME_CHOICES.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </div>
      <div className="field audit-text">
        <label htmlFor="audit-text">Text</label>
        <input id="audit-text" type="search" placeholder="target, user, message…" value={form.text} onChange={(e) => set({ text: e.target.value })} data-testid="audit-filter-text" />
      </div>
      <label className="toggle small audit-scope">
        <input type="checkbox" checked={form.allConnections} onChange={(e) => set({ allConnections: e.target.checked })} data-testid="audit-all-connections" />
        All connections
      </label>
    </div>
  );
}
