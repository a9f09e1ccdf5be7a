import { useId, useState, type FormEvent } from 'react';
import type { AppStatsConfig, AppStatsKind } from '../../../../shared/contract/dashboard';

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

/** Defaults that match the common layout (gomeet's `cache:stats`, a JSON string). */
const DEFAULT: AppStatsConfig = { kind: 'json', key: 'cache:stats', fields: ['hits', 'misses', 'sets', 'deletes', 'errors'], hitsField: 'hits', missesField: 'misses' };

const KINDS: { kind: AppStatsKind; label: string }[] = [
  { kind: 'json', label: 'JSON string' },
  { kind: 'hash', label: 'Fields of a hash' },
  { kind: 'hash-json', label: 'JSON in a hash field' },
  { kind: 'strings', label: 'Numeric keys' },
];

const FIELDS_LABEL: Record<AppStatsKind, string> = { hash: 'Fields to chart', strings: 'Keys to chart', json: 'Numbers to chart (a.b for nested)', 'hash-json': 'Numbers to chart (a.b for nested)' };
const FIELDS_PLACEHOLDER: Record<AppStatsKind, string> = { hash: 'hits, misses, sets', strings: 'app:hits, app:misses', json: 'hits, misses, cache.sets', 'hash-json': 'hits, misses, cache.sets' };

/** Point the panel at where the app keeps its counters; pick which are hits and misses. */
export function AppStatsForm({ initial, busy, error, onSave, onCancel }: { initial: AppStatsConfig | null; busy: boolean; error: string | null; onSave(config: AppStatsConfig): void; onCancel?: () => void }) {
  const uid = useId();
  const start = initial ?? DEFAULT;
  const [kind, setKind] = useState<AppStatsConfig['kind']>(start.kind);
  const [key, setKey] = useState(start.key);
  const [jsonField, setJsonField] = useState(start.jsonField ?? '');
  const [fields, setFields] = useState(start.fields.join(', '));
  const [hitsField, setHitsField] = useState(start.hitsField ?? '');
  const [missesField, setMissesField] = useState(start.missesField ?? '');
  const [invalid, setInvalid] = useState<string | null>(null);
  const list = parseList(fields);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (kind !== 'strings' && key.trim() === '') return setInvalid(`Enter the name of the ${kind === 'json' ? 'key' : 'hash'}, e.g. cache:stats.`);
    if (kind === 'hash-json' && jsonField.trim() === '') return setInvalid('Enter the field of the hash that holds the JSON.');
    if (list.length === 0)
      return setInvalid(kind === 'hash' ? 'Name at least one field of the hash.' : kind === 'strings' ? 'Name at least one key holding a number.' : 'Name at least one number of the JSON, e.g. hits.');
    if (list.length > 20) return setInvalid('At most 20 counters.');
    if ((hitsField === '') !== (missesField === '')) return setInvalid('Pick both the hits and the misses counter for the app hit rate, or neither.');
    setInvalid(null);
    onSave({
      kind,
      key: kind === 'strings' ? '' : key.trim(),
      ...(kind === 'hash-json' ? { jsonField: jsonField.trim() } : {}),
      fields: list,
      ...(hitsField ? { hitsField } : {}),
      ...(missesField ? { missesField } : {}),
    });
  };

  return (
    <form className="app-stats-form" onSubmit={submit} data-testid="app-stats-form" noValidate>
      <div className="segmented segmented-small" role="radiogroup" aria-label="Where the counters are">
        {KINDS.map((k) => (
          <label key={k.kind} className={`segment${kind === k.kind ? ' on' : ''}`}>
            <input type="radio" name={`${uid}-kind`} checked={kind === k.kind} data-testid={`app-stats-kind-${k.kind}`} onChange={() => setKind(k.kind)} />
            {k.label}
          </label>
        ))}
      </div>
      <div className="app-stats-grid">
        {kind !== 'strings' && (
          <div className="field">
            <label htmlFor={`${uid}-key`}>{kind === 'json' ? 'Key' : 'Hash key'}</label>
            <input id={`${uid}-key`} type="text" data-testid="app-stats-key" spellCheck={false} value={key} onChange={(e) => setKey(e.target.value)} />
          </div>
        )}
        {kind === 'hash-json' && (
          <div className="field">
            <label htmlFor={`${uid}-json-field`}>Field holding the JSON</label>
            <input id={`${uid}-json-field`} type="text" data-testid="app-stats-json-field" spellCheck={false} value={jsonField} onChange={(e) => setJsonField(e.target.value)} />
          </div>
        )}
        <div className="field field-wide">
          <label htmlFor={`${uid}-fields`}>{FIELDS_LABEL[kind]}</label>
          <input
            id={`${uid}-fields`}
            type="text"
            data-testid="app-stats-fields"
            spellCheck={false}
            placeholder={FIELDS_PLACEHOLDER[kind]}
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
