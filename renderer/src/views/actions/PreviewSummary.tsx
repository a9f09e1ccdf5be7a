import type { ActionPreview } from '../../../../shared/contract/actions';
import { formatBytes, formatInteger } from '../../../../shared/format';
import { KeyNameList } from './KeyNames';

/**
 * What an invalidation would do, in the words a user confirms against: how many keys (exact,
 * or counted by a SCAN that may repeat a key), which ones (a sample), the memory freed, and —
 * before anything is confirmed — whether undo will be possible.
 */
export function PreviewSummary({ preview: p }: { preview: ActionPreview }) {
  return (
    <div className="act-summary" data-testid="preview-summary">
      <p className="act-target" data-testid="preview-description">
        {p.description} · db {p.db}
      </p>
      <dl className="act-facts">
        <div>
          <dt>Keys to delete</dt>
          <dd>
            <strong className="act-big" data-testid="preview-matched" data-value={p.matched}>
              {formatInteger(p.matched)}
            </strong>{' '}
            <span
              className={`badge ${p.matchedKind === 'exact' ? '' : 'badge-warn'}`}
              data-testid="preview-matched-kind"
              title={p.matchedKind === 'exact' ? 'Every name was checked once.' : 'Counted while scanning a large db: SCAN may repeat a key, so this can be slightly high.'}
            >
              {p.matchedKind}
            </span>
          </dd>
        </div>
        <div>
          <dt>Memory to free</dt>
          <dd data-testid="preview-bytes" data-value={p.bytes ?? ''}>
            {p.bytes === null ? 'unknown (MEMORY USAGE refused)' : `${p.bytesKind === 'estimated' ? '≈ ' : ''}${formatBytes(p.bytes)}`}
          </dd>
        </div>
        <div>
          <dt>Keys examined</dt>
          <dd data-testid="preview-scanned">
            {formatInteger(p.scanned)}
            {p.nodes ? <span data-testid="preview-nodes" data-value={p.nodes}>{` on ${p.nodes} primaries`}</span> : null}
          </dd>
        </div>
      </dl>
      {p.matched > 0 ? (
        <KeyNameList names={p.sample} testId="preview-sample" more={p.matched - p.sample.length} />
      ) : (
        <p className="muted" data-testid="preview-none">
          Nothing matches: there is nothing to delete.
        </p>
      )}
      <UndoLine preview={p} />
    </div>
  );
}

function UndoLine({ preview: p }: { preview: ActionPreview }) {
  if (p.undoAvailable) {
    return (
      <p className="act-undo-line" data-testid="preview-undo" data-available="true">
        <span className="tone-ok">Undo available.</span> The values are saved to an undo file first
        {p.undoEstimateBytes !== null ? ` (about ${formatBytes(p.undoEstimateBytes)} of the ${formatBytes(p.undoLimitBytes)} limit)` : ''}.
      </p>
    );
  }
  return (
    <p className="act-undo-line act-warn" role="note" data-testid="preview-undo" data-available="false">
      <strong className="tone-warn">No undo.</strong> {p.undoNote ?? 'These keys cannot be restored once deleted.'}
    </p>
  );
}
