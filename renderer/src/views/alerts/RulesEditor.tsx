import { useState, type FormEvent } from 'react';
import type { AlertRule } from '../../../../shared/contract/dashboard';
import { RULE_WORDS } from '../../app/alert-words';
import type { LatencyOf } from '../../../../shared/contract/dashboard';
import { fromDrafts, LATENCY_CHOICES, toDraft, type RuleDraft } from './rule-drafts';

/** Thresholds, debounce, hysteresis and mute per rule, saved together through `alerts.rules.set`. */
export function RulesEditor({ rules, onSave }: { rules: AlertRule[]; onSave(rules: AlertRule[]): Promise<string | null> }) {
  const [drafts, setDrafts] = useState<RuleDraft[]>(() => rules.map(toDraft));
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const dirty = JSON.stringify(drafts) !== JSON.stringify(rules.map(toDraft));

  const update = (id: AlertRule['id'], patch: Partial<RuleDraft>) => {
    setDrafts((ds) => ds.map((d) => (d.id === id ? { ...d, ...patch } : d)));
    setStatus({ kind: 'idle' });
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const built = fromDrafts(drafts);
    if (!built.ok) return setStatus({ kind: 'error', message: built.message });
    setStatus({ kind: 'saving' });
    const error = await onSave(built.rules);
    setStatus(error ? { kind: 'error', message: error } : { kind: 'saved' });
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="alert-rules" noValidate>
      <table className="data-table rules-table alert-rules-table">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Fires when</th>
            <th scope="col" title="The rule reads its figure over this window: the hit rate of all its lookups, a rate over its span, a mean">Over</th>
            <th scope="col" title="A firing alert clears once its condition has not held for this long">Clears after</th>
            <th scope="col">Muted</th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d) => {
            const w = RULE_WORDS[d.id];
            const note = rules.find((r) => r.id === d.id)?.note;
            return (
              <tr key={d.id} data-testid={`rule-${d.id}`} className={d.muted ? 'muted-row' : undefined}>
                <th scope="row">
                  {w.title}
                  <div className="muted small">{w.help}</div>
                  {note && (
                    <div className="small rule-note" data-testid={`rule-${d.id}-note`}>
                      {note}
                    </div>
                  )}
                </th>
                <td>
                  <span className="rule-condition">
                    {w.condition}
                    {w.hasThreshold && (
                      <>
                        {' '}
                        <input
                          type="text"
                          inputMode="decimal"
                          className="input-narrow"
                          aria-label={`${w.title} threshold (${w.unit})`}
                          data-testid={`rule-${d.id}-threshold`}
                          value={d.threshold}
                          onChange={(e) => update(d.id, { threshold: e.target.value })}
                        />{' '}
                        {w.unit}
                      </>
                    )}
                  </span>
                  {d.id === 'latency' && (
                    <select
                      className="input-narrow"
                      aria-label="Which latency the rule reads"
                      data-testid="rule-latency-of"
                      value={d.latencyOf ?? 'mix'}
                      onChange={(e) => update(d.id, { latencyOf: e.target.value as LatencyOf })}
                    >
                      {[...LATENCY_CHOICES, ...(d.latencyOf && !LATENCY_CHOICES.some((c) => c.value === d.latencyOf) ? [{ value: d.latencyOf, label: `server p99 · ${d.latencyOf.slice(4).toUpperCase()}` }] : [])].map((c) => (
                        <option key={c.value} value={c.value}>
                          {c.label}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td>
                  <input
                    type="text"
                    inputMode="numeric"
                    className="input-narrow"
                    aria-label={`${w.title}: the window, in seconds, the figure is read over`}
                    data-testid={`rule-${d.id}-for`}
                    value={d.forSec}
                    onChange={(e) => update(d.id, { forSec: e.target.value })}
                  />{' '}
                  s
                </td>
                <td>
                  {d.id === 'disconnected' ? (
                    <span className="muted small" title="Cleared as soon as the connection is ready again">on reconnect</span>
                  ) : (
                    <>
                      <input
                        type="text"
                        inputMode="numeric"
                        className="input-narrow"
                        aria-label={`${w.title}: seconds back within the limit before the alert clears`}
                        data-testid={`rule-${d.id}-clear`}
                        value={d.clearSec}
                        onChange={(e) => update(d.id, { clearSec: e.target.value })}
                      />{' '}
                      s
                    </>
                  )}
                </td>
                <td>
                  <label className="toggle">
                    <input type="checkbox" data-testid={`rule-${d.id}-muted`} checked={d.muted} onChange={(e) => update(d.id, { muted: e.target.checked })} />
                    <span className="sr-only">Mute {w.title}</span>
                  </label>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="form-row">
        <span aria-live="polite">
          {status.kind === 'error' && (
            <span className="tone-bad" role="alert" data-testid="rules-error">
              {status.message}
            </span>
          )}
          {status.kind === 'saved' && (
            <span className="tone-ok" data-testid="rules-saved">
              Saved. The rules apply from the next poll.
            </span>
          )}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-small" disabled={!dirty} onClick={() => setDrafts(rules.map(toDraft))}>
          Undo changes
        </button>
        <button type="submit" className="btn btn-small btn-primary" data-testid="rules-save" disabled={!dirty || status.kind === 'saving'}>
          {status.kind === 'saving' ? 'Saving…' : 'Save rules'}
        </button>
      </div>
    </form>
  );
}
