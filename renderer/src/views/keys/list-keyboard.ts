/** What a key pressed on the list does: move the cursor, open the row, or go up a folder. */
export type ListKeyAction = { kind: 'move'; to: number } | { kind: 'open' } | { kind: 'up' } | null;

/**
 * ↑/↓, PageUp/PageDown, Home/End move (clamped to the rows); Enter, or → on a folder, opens;
 * Backspace and ← go up a folder.
 */
export function listKeyAction(key: string, cursor: number, page: number, count: number, onFolder: boolean): ListKeyAction {
  const moves: Record<string, number> = { ArrowDown: cursor + 1, ArrowUp: cursor - 1, PageDown: cursor + page, PageUp: cursor - page, Home: 0, End: count - 1 };
  if (key in moves) return count > 0 ? { kind: 'move', to: Math.max(0, Math.min(count - 1, moves[key]!)) } : null;
  if (key === 'Enter' || (key === 'ArrowRight' && onFolder)) return { kind: 'open' };
  if (key === 'Backspace' || key === 'ArrowLeft') return { kind: 'up' };
  return null;
}
