import { useId, useState, type FormEvent } from 'react';
import type { AppStatsConfig } from '../../../../shared/contract/dashboard';

/** A list typed as "a, b, c" or one per line. */
function parseList(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

/** Defaults that match the common layout (gomeet's `cache:stats` hash). */
const DEFAULT: AppStatsConfig = { kind: 'hash', key: 'cache:stats', fields: ['hits', 'misses', 'sets', 'deletes', 'errors'], hitsField: 'hits', missesField: 'misses' };

/** Point the panel at a hash (fields) or at numeric string keys; pick which are hits and misses. */
export function AppStatsForm({ initial, busy, error, onSave, onCancel }: { initial: AppStatsConfig | null; busy: boolean; error: string | null; onSave(config: AppStatsConfig): void; onCancel?: () => void }) {
  const uid = useId();
  const start = initial ?? DEFAULT;
  const [kind, setKind] = useState<AppStatsConfig['kind']>(start.kind);
  const [key, setKey] = useState(start.key);
  const [fields, setFields] = useState(start.fields.join(', '));
  const [hitsField, setHitsField] = useState(start.hitsField ?? '');
  const [missesField, setMissesField] = useState(start.missesField ?? '');
  const [invalid, setInvalid] = useState<string | null>(null);
  const list = parseList(fields);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kind === 'hash' && key.trim() === '') return setInvalid('Enter the name of the hash, e.g. cache:stats.');
    if (list.length === 0) return setInvalid(kind === 'hash' ? 'Name at least one field of the hash.' : 'Name at least one key holding a number.');
    if (list.length > 20) return setInvalid('At most 20 counters.');
    if ((hitsField === '') !== (missesField === '')) return setInvalid('Pick both the hits and the misses counter for the app hit rate, or neither.');
    setInvalid(null);
    onSave({
      kind,
      key: kind === 'hash' ? key.trim() : '',
      fields: list,
      ...(hitsField ? { hitsField } : {}),
      ...(missesField ? { missesField } : {}),
    });
  };

  return (
    <form className="app-stats-form" onSubmit={submit} data-testid="app-stats-form" noValidate>
      <div className="segmented segmented-small" role="radiogroup" aria-label="Where the counters are">
        <label className={`segment${kind === 'hash' ? ' on' : ''}`}>
          <input type="radio" name={`${uid}-kind`} checked={kind === 'hash'} data-testid="app-stats-kind-hash" onChange={() => setKind('hash')} />
          Fields of a hash
        </label>
        <label className={`segment${kind === 'strings' ? ' on' : ''}`}>
          <input type="radio" name={`${uid}-kind`} checked={kind === 'strings'} data-testid="app-stats-kind-strings" onChange={() => setKind('strings')} />
          Numeric keys
        </label>
      </div>
      <div className="app-stats-grid">
        {kind === 'hash' && (
          <div className="field">
            <label htmlFor={`${uid}-key`}>Hash key</label>
            <input id={`${uid}-key`} type="text" data-testid="app-stats-key" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} />
          </div>
        )}
        <div className="field field-wide">
          <label htmlFor={`${uid}-fields`}>{kind === 'hash' ? 'Fields to chart' : 'Keys to chart'}</label>
          <input
            id={`${uid}-fields`}
            type="text"
            data-testid="app-stats-fields"
            spellCheck={false}
            placeholder={kind === 'hash' ? 'hits, misses, sets' : 'app:hits, app:misses'}
            value={fields}
            onChange={(e) => setFields(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-hits`}>Hits counter</label>
          <select id={`${uid}-hits`} data-testid="app-stats-hits" value={hitsField} onChange={(e) => setHitsField(e.target.value)}>
            <option value="">— none —</option>
            {list.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-misses`}>Misses counter</label>
          <select id={`${uid}-misses`} data-testid="app-stats-misses" value={missesField} onChange={(e) => setMissesField(e.target.value)}>
            <option value="">— none —</option>
            {list.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="form-row">
        {(invalid ?? error) && (
          <span className="tone-bad" role="alert" data-testid="app-stats-error">
            {invalid ?? error}
          </span>
        )}
        <span className="spacer" />
        {onCancel && (
          <button type="button" className="btn btn-small" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="btn btn-small btn-primary" data-testid="app-stats-save" disabled={busy}>
          {busy ? 'Saving…' : 'Chart these counters'}
        </button>
      </div>
    </form>
  );
}
