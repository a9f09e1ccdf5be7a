import { useMemo } from 'react';
import { hexDumpLines } from '../../../../../shared/value-view';
import { VirtualList } from '../../../ui/virtual-list/VirtualList';

/** A classic hex dump (offset, bytes, ASCII) of the bytes fetched so far, virtualised. */
export function HexLines({ bytes }: { bytes: Uint8Array }) {
  const lines = useMemo(() => hexDumpLines(bytes), [bytes]);
  return (
    <div className="code-view hex-view" data-testid="value-hex">
      <VirtualList
        className="code-lines"
        count={lines.length}
        rowHeight={18}
        overscan={20}
        renderRow={(i, style) => {
          const l = lines[i]!;
          return (
            <div className="code-line hex-line" style={style}>
              <span className="muted">{l.offset}</span>
              <span>{l.hex}</span>
              <span className="muted">{l.ascii}</span>
            </div>
          );
        }}
      />
    </div>
  );
}
