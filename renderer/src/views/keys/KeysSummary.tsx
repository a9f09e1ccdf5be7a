import { formatBytes, formatCompact, formatInteger } from '../../../../shared/format';
import type { KeysPager } from './rows';
import { usePagerVersion } from './use-pager-version';

const plural = (n: number, word: string) => `${formatInteger(n)} ${word}${n === 1 ? '' : 's'}`;

/** What the open folder (or the filtered list) holds, and how complete those numbers are. */
export function KeysSummary({ pager, mode, onUnfold }: { pager: KeysPager; mode: 'tree' | 'list'; onUnfold?: () => void }) {
  usePagerVersion(pager);
  const { info, total } = pager;
  if (!info || total === null) return <div className="keys-summary small muted">&nbsp;</div>;
  const c = info.coverage;
  const partial = !c.complete && c.state !== 'none';
  const s = info.summary;
  return (
    <div className="keys-summary small" data-testid="keys-summary" data-complete={c.complete}>
      {mode === 'tree' && s ? (
        <>
          <span data-testid="summary-keys" data-value={s.keys}>
            {plural(s.keys, 'key')}
          </span>{' '}
          · {formatBytes(s.bytes)}
          {s.noTtl > 0 && <span className="tone-warn"> · {formatInteger(s.noTtl)} without TTL</span>}
          <span className="muted">
            {' '}
            · {plural(info.folders ?? 0, 'folder')}, {plural(info.keys ?? 0, 'key')} here
          </span>
          {info.outsideFold !== undefined && info.outsideFold > 0 && (
            // The tree starts inside the fold: say what it leaves out, and offer the whole keyspace.
            <span className="tone-warn" data-testid="summary-outside-fold" data-value={info.outsideFold}>
              {' '}
              · {plural(info.outsideFold, 'key')} outside the folded prefix, not in this tree
              {onUnfold && (
                <>
                  {' '}
                  <button type="button" className="link-button" data-testid="summary-unfold" onClick={onUnfold}>
                    show all keys
                  </button>
                </>
              )}
            </span>
          )}
        </>
      ) : (
        <span data-testid="summary-keys" data-value={total}>
          {plural(total, 'key')}
        </span>
      )}
      {partial && (
        <span className="tone-warn" title="Counts cover the keys scanned so far">
          {' '}
          · so far: {formatCompact(c.scanned)} of {formatCompact(c.dbsize)} scanned
        </span>
      )}
    </div>
  );
}
