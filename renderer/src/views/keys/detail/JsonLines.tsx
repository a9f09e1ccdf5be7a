import { useMemo, useState } from 'react';
import { formatJsonLines } from '../../../../../shared/value-view';
import { VirtualList } from '../../../ui/virtual-list/VirtualList';

const LINE = 18;

/**
 * Pretty JSON, one line per member, with objects and arrays collapsible (click ▾/▸). Virtual:
 * a page of a big document is thousands of lines. Works on a truncated prefix too.
 */
export function JsonLines({ text, partial }: { text: string; partial: boolean }) {
  const lines = useMemo(() => formatJsonLines(text), [text]);
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  // The lines on screen: a collapsed opener hides everything up to and including its closer.
  const shown = useMemo(() => {
    const out: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      out.push(i);
      const close = lines[i]!.closesAt;
      if (collapsed.has(i) && typeof close === 'number') i = close;
    }
    return out;
  }, [lines, collapsed]);

  const toggle = (i: number) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });

  return (
    <div className="code-view json-view" data-testid="value-json" data-lines={lines.length}>
      <VirtualList
        className="code-lines"
        count={shown.length}
        rowHeight={LINE}
        overscan={20}
        renderRow={(n, style) => {
          const i = shown[n]!;
          const line = lines[i]!;
          const foldable = typeof line.closesAt === 'number';
          const isCollapsed = collapsed.has(i);
          const closer = foldable && isCollapsed ? lines[line.closesAt as number]!.text : '';
          return (
            <div className="code-line" style={{ ...style, paddingLeft: 18 + line.depth * 14 }} data-testid="json-line">
              {foldable && (
                <button type="button" className="fold-toggle" onClick={() => toggle(i)} aria-expanded={!isCollapsed} aria-label={isCollapsed ? 'Expand' : 'Collapse'}>
                  {isCollapsed ? '▸' : '▾'}
                </button>
              )}
              <span className="json-text">{line.text}</span>
              {isCollapsed && <span className="muted"> … {closer}</span>}
            </div>
          );
        }}
      />
      {partial && <p className="muted small code-note">The JSON continues past what was fetched: load more to see the rest.</p>}
    </div>
  );
}
