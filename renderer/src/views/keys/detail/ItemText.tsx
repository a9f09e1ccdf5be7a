import type { ItemBytes } from '../../../../../shared/contract/key-detail';
import { formatBytes } from '../../../../../shared/format';
import { wireToBytes } from '../../../../../shared/value-view';
import { isBinary } from '../key-names';
import { NameText } from '../NameText';
import type { Cell } from './collection-pages';

/** One element's bytes: text (control characters escaped) or `\xNN` escapes with a badge; says when cut short. */
export function ItemText({ cell }: { cell: Cell }) {
  if (typeof cell === 'string') return <span className="cell-label">{cell}</span>;
  const item: ItemBytes = cell;
  return (
    <span className="item-text">
      <NameText name={item.bytes} />
      {isBinary(item.bytes) && <span className="badge badge-binary">binary</span>}
      {item.truncated && (
        <span className="muted small" title="Only the start of this element was fetched">
          {' '}
          … (first {formatBytes(wireToBytes(item.bytes).length)} of {formatBytes(item.size)})
        </span>
      )}
    </span>
  );
}
