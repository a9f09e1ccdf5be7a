import {
  forwardRef,
  Fragment,
  useCallback,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type CSSProperties,
  type HTMLAttributes,
  type ReactNode,
} from 'react';
import { computeWindow, scrollTopToReveal, type RowWindow } from './window';

export interface VirtualListHandle {
  /** Scroll just enough to show row `index` fully. */
  reveal(index: number): void;
  /** Rows that fit in the viewport (PageUp/PageDown step). */
  pageSize(): number;
  element(): HTMLDivElement | null;
}

export interface VirtualListProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'onScroll'> {
  count: number;
  rowHeight: number;
  overscan?: number;
  /**
   * Draw row `index`; put `style` on its outermost element (absolute position and height).
   * Give it no `key`: the list keys rows itself so that elements are reused while scrolling.
   */
  renderRow(index: number, style: CSSProperties): ReactNode;
  /** The rendered range changed (start inclusive, end exclusive): fetch what it needs. */
  onRangeChange?(start: number, end: number): void;
  /** Drawn over the list (an empty or loading message). */
  overlay?: ReactNode;
}

/** More than any window holds (a 4K screen of 18 px rows plus overscan), so keys never collide. */
const RING = 512;

const sameWindow = (a: RowWindow, b: RowWindow) => a.start === b.start && a.end === b.end && a.spacer === b.spacer && a.shift === b.shift;

/**
 * A fixed-row-height virtual list: a tall spacer and absolutely positioned rows, only the
 * visible window plus `overscan` in the DOM. Scroll events re-render only when the window
 * moves, so scrolling a million rows costs the same as scrolling a hundred.
 */
export const VirtualList = forwardRef<VirtualListHandle, VirtualListProps>(function VirtualList(
  { count, rowHeight, overscan = 8, renderRow, onRangeChange, overlay, className, style, ...rest },
  ref,
) {
  const box = useRef<HTMLDivElement | null>(null);
  const viewport = useRef(0);
  const [win, setWin] = useState<RowWindow>({ start: 0, end: 0, spacer: 0, shift: 0 });

  const update = useCallback(() => {
    const el = box.current;
    if (!el) return;
    const next = computeWindow({ scrollTop: el.scrollTop, viewport: viewport.current, rowHeight, count, overscan });
    setWin((prev) => (sameWindow(prev, next) ? prev : next));
  }, [rowHeight, count, overscan]);

  // The viewport's height, and a re-measure whenever the pane is resized.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    viewport.current = el.clientHeight;
    update();
    const ro = new ResizeObserver(() => {
      viewport.current = el.clientHeight;
      update();
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [update]);

  const rangeCb = useRef(onRangeChange);
  rangeCb.current = onRangeChange;
  useLayoutEffect(() => {
    rangeCb.current?.(win.start, win.end);
  }, [win.start, win.end]);

  useImperativeHandle(
    ref,
    () => ({
      reveal(index) {
        const el = box.current;
        if (!el) return;
        const top = scrollTopToReveal(index, { scrollTop: el.scrollTop, viewport: viewport.current, rowHeight, count });
        if (top !== null) {
          el.scrollTop = top;
          update();
        }
      },
      pageSize: () => Math.max(1, Math.floor(viewport.current / rowHeight)),
      element: () => box.current,
    }),
    [rowHeight, count, update],
  );

  const rows: ReactNode[] = [];
  // The window is recomputed in an effect: on the render where `count` shrinks it may still reach past the end.
  for (let i = win.start; i < Math.min(win.end, count); i++) {
    // Keyed by position in a ring, not by index: a jump (scrollbar drag, End) updates the
    // existing row elements in place instead of removing and creating every one of them.
    rows.push(<Fragment key={i % RING}>{renderRow(i, { position: 'absolute', top: i * rowHeight - win.shift, left: 0, right: 0, height: rowHeight })}</Fragment>);
  }
  return (
    <div ref={box} className={`vlist ${className ?? ''}`} style={{ overflowY: 'auto', position: 'relative', ...style }} onScroll={update} {...rest}>
      <div className="vlist-spacer" style={{ height: win.spacer, position: 'relative' }}>
        {rows}
      </div>
      {overlay}
    </div>
  );
});
