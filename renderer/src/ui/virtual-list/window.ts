/**
 * The arithmetic of a fixed-row-height virtual list, kept pure so it can be tested without a
 * DOM. Rows sit at `index * rowHeight - shift` inside a spacer as tall as the content — except
 * that browsers cap an element's height (Chromium ≈ 33.5M px, Firefox ≈ 17.9M px), so past
 * MAX_SPACER_PX the spacer stays at that height and the scroll position is mapped
 * proportionally onto the content (`shift` then changes as you scroll).
 */

export const MAX_SPACER_PX = 8_000_000;

export interface WindowInput {
  scrollTop: number;
  /** Height of the scrolling viewport in px. */
  viewport: number;
  rowHeight: number;
  count: number;
  /** Rows rendered beyond each edge, so a fast scroll does not show blank space for a frame. */
  overscan: number;
}

export interface RowWindow {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
  /** Height of the spacer element. */
  spacer: number;
  /** Row i is drawn at `i * rowHeight - shift` px from the spacer's top. */
  shift: number;
}

interface Geometry {
  content: number;
  spacer: number;
  /** Largest real scrollTop and the content offset it stands for. */
  maxReal: number;
  maxVirtual: number;
}

function geometry(viewport: number, rowHeight: number, count: number): Geometry {
  const content = Math.max(0, count) * rowHeight;
  const spacer = Math.min(content, MAX_SPACER_PX);
  return { content, spacer, maxReal: Math.max(0, spacer - viewport), maxVirtual: Math.max(0, content - viewport) };
}

/** The content offset (px) shown at the top of the viewport for a real scrollTop. */
function virtualTop(scrollTop: number, g: Geometry): number {
  const real = Math.min(Math.max(0, scrollTop), g.maxReal);
  if (g.content === g.spacer) return real;
  return g.maxReal > 0 ? (real / g.maxReal) * g.maxVirtual : 0;
}

/** The real scrollTop that shows content offset `top` at the top of the viewport. */
function realTop(top: number, g: Geometry): number {
  const v = Math.min(Math.max(0, top), g.maxVirtual);
  if (g.content === g.spacer) return v;
  return g.maxVirtual > 0 ? (v / g.maxVirtual) * g.maxReal : 0;
}

export function computeWindow({ scrollTop, viewport, rowHeight, count, overscan }: WindowInput): RowWindow {
  const g = geometry(viewport, rowHeight, count);
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0, spacer: 0, shift: 0 };
  const top = virtualTop(scrollTop, g);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewport)) / rowHeight);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(count, Math.max(last, first + 1) + overscan),
    spacer: g.spacer,
    shift: top - Math.min(Math.max(0, scrollTop), g.maxReal),
  };
}

/**
 * The scrollTop that brings row `index` fully into view with the least movement, or null when
 * it already is (keyboard navigation must not jump the list on every arrow press).
 */
export function scrollTopToReveal(index: number, input: Omit<WindowInput, 'overscan'>): number | null {
  const { scrollTop, viewport, rowHeight, count } = input;
  if (count <= 0 || index < 0 || index >= count) return null;
  const g = geometry(viewport, rowHeight, count);
  const top = virtualTop(scrollTop, g);
  const rowTop = index * rowHeight;
  let target: number | null = null;
  if (rowTop < top) target = rowTop;
  else if (rowTop + rowHeight > top + viewport) target = rowTop + rowHeight - viewport;
  return target === null ? null : realTop(target, g);
}
