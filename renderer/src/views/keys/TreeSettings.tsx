import { useEffect, useState } from 'react';
import type { KeyspaceSettings } from '../../../../shared/contract/keyspace';
import { displayName, parseEscapes } from './key-names';

/**
 * The delimiter the tree splits on, an app prefix to fold away (`skillup:`) and whether ids
 * gather into `*` folders, saved per connection in main. Text fields apply on Enter or blur.
 */
export function TreeSettings({ settings, onSave }: { settings: KeyspaceSettings | null; onSave(patch: Partial<Pick<KeyspaceSettings, 'delimiter' | 'fold' | 'collapseIds'>>): Promise<string | null> }) {
  const [delimiter, setDelimiter] = useState(settings?.delimiter ?? ':');
  const [fold, setFold] = useState(settings?.fold ? displayName(settings.fold) : '');
  const [collapseIds, setCollapseIds] = useState(settings?.collapseIds ?? true);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setDelimiter(settings?.delimiter ?? ':');
    setFold(settings?.fold ? displayName(settings.fold) : '');
    setCollapseIds(settings?.collapseIds ?? true);
  }, [settings]);

  const commitDelimiter = async () => {
    if (!settings || delimiter === settings.delimiter) return;
    if (delimiter.length < 1 || delimiter.length > 8) {
      setError('The delimiter is 1 to 8 characters.');
      return;
    }
    setError(await onSave({ delimiter }));
  };
  const commitFold = async () => {
    const current = settings?.fold ? displayName(settings.fold) : '';
    if (!settings || fold === current) return;
    setError(await onSave({ fold: fold === '' ? null : (parseEscapes(fold) ?? { utf8: fold }) }));
  };

  return (
    <div className="tree-settings small">
      <label title="The tree splits key names on this">
        Delimiter{' '}
        <input
          type="text"
          className="input-tiny"
          value={delimiter}
          maxLength={8}
          onChange={(e) => setDelimiter(e.target.value)}
          onBlur={commitDelimiter}
          onKeyDown={(e) => e.key === 'Enter' && void commitDelimiter()}
          data-testid="tree-delimiter"
          spellCheck={false}
        />
      </label>
      <label title="An app prefix every key carries (REDIS_KEY_PREFIX): the tree starts inside it">
        Fold prefix{' '}
        <input
          type="text"
          className="input-fold"
          value={fold}
          placeholder="e.g. skillup:"
          onChange={(e) => setFold(e.target.value)}
          onBlur={commitFold}
          onKeyDown={(e) => e.key === 'Enter' && void commitFold()}
          data-testid="tree-fold"
          spellCheck={false}
        />
      </label>
      <label title="Gather id-like segments (user:42:, UUIDs, long tokens) into one * folder per shape">
        <input
          type="checkbox"
          checked={collapseIds}
          disabled={!settings}
          onChange={async (e) => {
            const on = e.target.checked;
            setCollapseIds(on); // at once; a failed save puts it back
            const failed = await onSave({ collapseIds: on });
            setError(failed);
            if (failed) setCollapseIds(!on);
          }}
          data-testid="tree-collapse-ids"
        />{' '}
        Group ids
      </label>
      {error && (
        <span className="tone-bad" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
