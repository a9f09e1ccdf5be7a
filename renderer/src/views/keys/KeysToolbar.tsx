import type { RefObject } from 'react';
import { KEY_TYPE_NAMES } from '../../../../shared/contract/limits';
import { FilterInput } from './FilterInput';
import type { BrowseState } from './keys-store';
import type { KeysPager } from './rows';
import { usePagerVersion } from './use-pager-version';

/** Enabled once there are rows; follows the pager on its own so the toolbar does not re-render with the rows. */
function RefreshRowsButton({ pager, onRefresh }: { pager: KeysPager; onRefresh(): void }) {
  usePagerVersion(pager);
  return (
    <button type="button" className="btn btn-small" onClick={onRefresh} disabled={(pager.total ?? 0) === 0} title="Read the type, TTL and memory of the keys on screen again (no rescan)" data-testid="refresh-visible">
      ↻ Rows
    </button>
  );
}

/** Filter, type, tree or list, and "↻ Rows" (read the keys on screen again, no rescan). */
export function KeysToolbar({
  id,
  browse,
  filterRef,
  onPatch,
  pager,
  onRefresh,
}: {
  id: string;
  browse: BrowseState;
  filterRef: RefObject<HTMLInputElement | null>;
  onPatch(p: Partial<BrowseState>): void;
  pager: KeysPager;
  onRefresh(): void;
}) {
  return (
    <div className="keys-toolbar">
      <FilterInput value={browse.filter} inputRef={filterRef} onChange={(filter) => onPatch({ filter })} />
      <select value={browse.type} onChange={(e) => onPatch({ type: e.target.value })} aria-label="Type filter" data-testid="keys-type">
        <option value="">any type</option>
        {KEY_TYPE_NAMES.map((t) => (
          <option key={t} value={t}>
            {t}
          </option>
        ))}
      </select>
      <div className="segmented segmented-small" role="radiogroup" aria-label="Tree or list">
        {(['tree', 'list'] as const).map((m) => (
          <label key={m} className={`segment${browse.mode === m ? ' on' : ''}`} data-testid={`mode-${m}`}>
            <input type="radio" name={`keys-mode-${id}`} checked={browse.mode === m} onChange={() => onPatch({ mode: m })} />
            {m === 'tree' ? 'Tree' : 'List'}
          </label>
        ))}
      </div>
      <RefreshRowsButton pager={pager} onRefresh={onRefresh} />
    </div>
  );
}
