import { useEffect, useState } from 'react';
import type { TtlPreset, TtlRule } from '../../../../shared/contract/keyspace';
import { toDraft, toRules, type DraftRule } from './policy-rules';

/**
 * The connection's TTL policy: ordered rules "key glob → expected TTL range" (the first match
 * applies), saved in main. The five layouts of CACHE-LAYOUTS.md are offered as starting points.
 */
export function TtlPolicyEditor({ rules, presets, onSave }: { rules: TtlRule[]; presets: TtlPreset[]; onSave(rules: TtlRule[]): Promise<string | null> }) {
  const [drafts, setDrafts] = useState<DraftRule[]>(() => rules.map(toDraft));
  const [dirty, setDirty] = useState(false);
  const [preset, setPreset] = useState(presets[0]?.name ?? '');
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!dirty) setDrafts(rules.map(toDraft));
  }, [rules, dirty]);

  const edit = (i: number, patch: Partial<DraftRule>) => {
    setDirty(true);
    setMessage(null);
    setDrafts((d) => d.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const move = (i: number, by: -1 | 1) => {
    const j = i + by;
    if (j < 0 || j >= drafts.length) return;
    setDirty(true);
    setDrafts((d) => {
      const next = [...d];
      [next[i], next[j]] = [next[j]!, next[i]!];
      return next;
    });
  };
  const save = async () => {
    const parsed = toRules(drafts);
    if (!parsed.ok) return setMessage({ tone: 'bad', text: parsed.message });
    setBusy(true);
    const error = await onSave(parsed.rules);
    setBusy(false);
    if (error) return setMessage({ tone: 'bad', text: error });
    setDirty(false);
    setMessage({ tone: 'ok', text: `Saved ${parsed.rules.length} rules.` });
  };

  const chosen = presets.find((p) => p.name === preset);
  return (
    <section className="panel" aria-labelledby="policy-title" data-testid="ttl-policy">
      <h3 id="policy-title">TTL policy</h3>
      <p className="muted small">Rules are checked in order; the first whose pattern matches a key applies. A key breaks its rule when it has no TTL (if required) or a TTL above the maximum.</p>
      <table className="data-table rules-table">
        <thead>
          <tr>
            <th scope="col">Key pattern (glob)</th>
            <th scope="col">Max TTL</th>
            <th scope="col">TTL required</th>
            <th scope="col">Note</th>
            <th scope="col">
              <span className="sr-only">Order and remove</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d, i) => (
            <tr key={i} data-testid="policy-row">
              <td>
                <input type="text" value={d.pattern} onChange={(e) => edit(i, { pattern: e.target.value })} aria-label={`Rule ${i + 1} pattern`} spellCheck={false} data-testid="policy-pattern" />
              </td>
              <td>
                <input type="text" className="input-narrow" value={d.max} onChange={(e) => edit(i, { max: e.target.value })} placeholder="none" aria-label={`Rule ${i + 1} max TTL`} data-testid="policy-max" />
              </td>
              <td>
                <input type="checkbox" checked={d.requireTtl} onChange={(e) => edit(i, { requireTtl: e.target.checked })} aria-label={`Rule ${i + 1} requires a TTL`} data-testid="policy-require" />
              </td>
              <td>
                <input type="text" value={d.note} onChange={(e) => edit(i, { note: e.target.value })} aria-label={`Rule ${i + 1} note`} />
              </td>
              <td className="nowrap">
                <button type="button" className="btn btn-tiny btn-ghost" onClick={() => move(i, -1)} disabled={i === 0} aria-label="Move up">
                  ↑
                </button>
                <button type="button" className="btn btn-tiny btn-ghost" onClick={() => move(i, 1)} disabled={i === drafts.length - 1} aria-label="Move down">
                  ↓
                </button>
                <button
                  type="button"
                  className="btn btn-tiny btn-ghost"
                  onClick={() => {
                    setDirty(true);
                    setDrafts((ds) => ds.filter((_, j) => j !== i));
                  }}
                  aria-label={`Remove rule ${i + 1}`}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="form-row policy-actions">
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setDirty(true);
            setDrafts((d) => [...d, { pattern: '', max: '', requireTtl: true, note: '' }]);
          }}
          data-testid="policy-add"
        >
          Add rule
        </button>
        {presets.length > 0 && (
          <>
            <select value={preset} onChange={(e) => setPreset(e.target.value)} aria-label="Layout preset" title={chosen?.description}>
              {presets.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name} ({p.rules.length} rules)
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                if (!chosen) return;
                setDirty(true);
                setDrafts((d) => [...d, ...chosen.rules.map(toDraft)]);
              }}
              title={chosen?.description}
              data-testid="policy-preset"
            >
              Add the layout&apos;s rules
            </button>
          </>
        )}
        <span className="spacer" />
        {dirty && <span className="muted small">Unsaved changes</span>}
        <button type="button" className="btn btn-small btn-primary" onClick={save} disabled={busy || !dirty} data-testid="policy-save">
          Save policy
        </button>
      </div>
      {message && (
        <p className={`small tone-${message.tone}`} role={message.tone === 'bad' ? 'alert' : 'status'} data-testid="policy-message">
          {message.text}
        </p>
      )}
    </section>
  );
}
