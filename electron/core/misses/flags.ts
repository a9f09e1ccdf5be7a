/**
 * `notify-keyspace-events` as a set of class letters. Watching needs key-event channels (E) and
 * the fewest classes that serve: m (key misses), x (expired), e (evicted), g (generic: DEL,
 * UNLINK, RENAME…) and $ (string writes). Never K (key-space channels): they double every
 * message and nobody here reads them.
 */
export const NEEDED = 'Emxeg$';

/** What `A` stands for (Redis: every class but m and n). */
const ALL_CLASSES = 'g$lshzxetd';

/** The letters a value turns on (A expanded), as a set. */
export function flagSet(value: string): Set<string> {
  const out = new Set<string>();
  for (const c of value) {
    if (c === 'A') for (const a of ALL_CLASSES) out.add(a);
    else out.add(c);
  }
  return out;
}

/** The value already delivers every event watching needs. */
export function covers(value: string): boolean {
  const have = flagSet(value);
  return [...NEEDED].every((c) => have.has(c));
}

/** `current` with what watching needs added, keeping every letter the apps set (their own events go on). */
export function merged(current: string): string {
  if (covers(current)) return current;
  let out = current;
  const have = flagSet(current);
  for (const c of NEEDED) if (!have.has(c)) out += c;
  return out;
}

/**
 * The value to put back when watching stops. The server's value is `now`; watching set `set`
 * over `previous`. Unchanged since: `previous`. Changed by someone else meanwhile: take away only
 * the letters watching added, so their change stands.
 */
export function restoredValue(previous: string, set: string, now: string): string {
  if (sameFlags(now, set)) return previous;
  const had = flagSet(previous);
  const added = new Set([...flagSet(set)].filter((c) => !had.has(c)));
  let out = '';
  // Expand A: a letter watching added cannot be taken from inside it.
  for (const c of flagSet(now)) if (!added.has(c)) out += c;
  return out;
}

/** Same letters on (the server reorders them: `xE` reads back as `xE`, `$gE` as `g$E`). */
export function sameFlags(a: string, b: string): boolean {
  const x = flagSet(a);
  const y = flagSet(b);
  return x.size === y.size && [...x].every((c) => y.has(c));
}
